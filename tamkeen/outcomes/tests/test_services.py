"""Nora records and verifies outcomes; the evidence decides what counts (Saad's confirmations: see
test_partner_evidence)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from tamkeen.core.models import AuditEvent
from tamkeen.outcomes.models import EmploymentImport, FollowUp
from tamkeen.outcomes.services import (
    employment_import_queue,
    follow_up_record,
    outcome_refute,
    outcome_report,
    outcome_verify,
)


def test_a_verified_hire_schedules_follow_ups_for_the_case_worker_and_starts_the_transition(world):
    outcome = outcome_report(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        wage=4500,
    )
    assert (outcome.office, outcome.governorate.code, outcome.track) == (world.sby, "SAB", "employment")
    assert not outcome.follow_ups.exists()
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    assert list(outcome.follow_ups.values_list("months", "due_on", "assigned_to")) == [
        (3, date(2025, 6, 1), world.worker_sby.pk),
        (6, date(2025, 9, 1), world.worker_sby.pk),
        (12, date(2026, 3, 1), world.worker_sby.pk),
    ]
    world.household_sby.refresh_from_db()
    assert world.household_sby.status == "in_transition"
    assert AuditEvent.objects.filter(action="outcome.verified", object_id=str(outcome.pk)).exists()
    with pytest.raises(ValidationError):
        outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")


@override_settings(TAMKEEN_FOLLOW_UP_MONTHS=(6,))
def test_the_follow_up_marks_are_configurable(world):
    outcome = outcome_report(
        actor=world.worker_sby,
        member=world.wife_sby,
        kind="project_financed",
        date=date(2025, 3, 1),
        entity=world.bank,
        amount=20000,
    )
    assert outcome.financing_body == world.bank
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")
    assert list(outcome.follow_ups.values_list("months", flat=True)) == [6]


def test_a_productive_family_certificate_is_valid_three_years(world):
    outcome = outcome_report(
        actor=world.worker_sby,
        member=world.wife_sby,
        kind="productive_family_certificate",
        date=date(2024, 2, 29),
    )
    assert outcome.valid_until == date(2027, 2, 28)


def test_outcomes_are_recorded_and_decided_by_the_office_never_by_a_partner(world):
    with pytest.raises(PermissionDenied):
        outcome_report(
            actor=world.partner_employer,
            member=world.head_frs,
            kind="hired",
            date=date(2025, 3, 1),
            entity=world.employer,
            wage=4000,
        )
    outcome = outcome_report(
        actor=world.worker_frs,
        member=world.head_frs,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        wage=4000,
    )
    with pytest.raises(PermissionDenied):
        outcome_verify(actor=world.partner_employer, outcome=outcome, evidence_kind="partner_confirmation")
    with pytest.raises(PermissionDenied):
        outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")
    outcome_verify(actor=world.worker_frs, outcome=outcome, evidence_kind="document")
    assert outcome.is_verified


def test_a_refuted_outcome_needs_a_reason_and_drops_its_pending_follow_ups(world):
    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2025, 3, 1)
    )
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="document")
    with pytest.raises(ValidationError):
        outcome_refute(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance", reason=" ")
    outcome_refute(
        actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance", reason="لا تسجيل"
    )
    assert outcome.verification_status == "refuted"
    assert not outcome.follow_ups.exists()
    assert list(outcome.verifications.values_list("result", flat=True)) == ["refuted", "verified"]


def test_a_follow_up_that_finds_the_member_left_needs_a_reason(world):
    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2025, 3, 1)
    )
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    follow_up = outcome.follow_ups.get(months=3)
    with pytest.raises(ValidationError):
        follow_up_record(actor=world.worker_sby, follow_up=follow_up, result="not_active")
    with pytest.raises(PermissionDenied):
        follow_up_record(actor=world.worker_frs, follow_up=follow_up, result="active")
    follow_up_record(actor=world.worker_sby, follow_up=follow_up, result="not_active", reason="resigned")
    follow_up.refresh_from_db()
    assert (follow_up.result, follow_up.reason) == (FollowUp.Result.NOT_ACTIVE, "resigned")


def test_the_case_worker_records_a_follow_up_from_the_web(world, client_for):
    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2025, 3, 1)
    )
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    follow_up = outcome.follow_ups.get(months=6)
    client = client_for(world.worker_sby)
    assert follow_up in client.get("/outcomes/follow-ups/").context["page_obj"].object_list
    response = client.post(
        f"/outcomes/follow-ups/{follow_up.pk}/", {"result": "active", "current_income": "5200"}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.result, str(follow_up.current_income)) == ("active", "5200.00")


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}})
def test_the_manager_uploads_a_file_and_the_task_reads_it(world, client_for):
    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2025, 3, 1)
    )
    content = f"national_id,establishment_number,wage,start_date\n{world.head_sby.national_id},7001,4500,2025-03-04\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(world.manager).post(
        "/outcomes/employment/", {"file": SimpleUploadedFile("gosi.csv", content.encode())}
    )
    job = EmploymentImport.objects.get()
    assert response.url == f"/outcomes/employment/{job.pk}/"
    assert (job.state, job.summary["verified"], job.progress) == ("done", 1, 100)
    outcome.refresh_from_db()
    assert outcome.is_verified
    page = client_for(world.manager).get(f"/outcomes/employment/{job.pk}/", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in page.content and page.status_code == 200


def test_a_queued_upload_is_audited(world):
    upload = employment_import_queue(actor=world.manager, file_name="gosi.csv", content=b"x")
    assert AuditEvent.objects.filter(action="employment_import.queued", object_id=str(upload.pk)).exists()
