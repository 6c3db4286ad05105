"""Hind's inbox: new, waiting and overdue referrals, bulk updates, and the outcome file as a background job."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.models import OfficeNotice, OutcomeImport, Referral, Status
from tamkeen.referrals.tasks import expire_overdue_referrals, run_outcome_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(world):
    return make_opportunity(world.trainer, capacity=5)


def sent(world, member, course):
    give_consent(member, course.entity)
    referral = services.referral_propose(actor=world.worker_sby, member=member, opportunity=course)
    return services.referral_send(actor=world.worker_sby, referral=referral)


def test_the_inbox_sorts_new_waiting_and_overdue(world, course, client_for):
    fresh = sent(world, world.head_sby, course)
    late = sent(world, world.wife_sby, course)
    Referral.objects.filter(pk=late.pk).update(due_by=timezone.localdate() - timedelta(days=1))
    waiting = sent(world, world.son_sby, course)
    services.referral_accept(actor=world.partner_trainer, referral=waiting)
    client = client_for(world.partner_trainer)
    new_box = client.get("/referrals/inbox/").content.decode()
    assert fresh.public_id in new_box and late.public_id in new_box and waiting.public_id not in new_box
    overdue = client.get("/referrals/inbox/?box=overdue").content.decode()
    assert late.public_id in overdue and fresh.public_id not in overdue
    assert waiting.public_id in client.get("/referrals/inbox/?box=waiting").content.decode()
    # Another entity's inbox is empty.
    assert fresh.public_id not in client_for(world.partner_employer).get("/referrals/inbox/").content.decode()


def test_bulk_accept_skips_what_cannot_move_and_says_why(world, course, client_for):
    first = sent(world, world.head_sby, course)
    second = sent(world, world.wife_sby, course)
    services.referral_accept(actor=world.partner_trainer, referral=second)
    client = client_for(world.partner_trainer)
    response = client.post(
        "/referrals/inbox/bulk/",
        {"action": "accept", "referrals": [first.public_id, second.public_id]},
        follow=True,
    )
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED
    text = response.content.decode()
    assert second.public_id in text  # refused: already accepted


def test_bulk_cannot_touch_another_entity(world, course, client_for):
    referral = sent(world, world.head_sby, course)
    client_for(world.partner_employer).post(
        "/referrals/inbox/bulk/", {"action": "accept", "referrals": [referral.public_id]}
    )
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_outcome_upload_runs_as_a_task_and_reports_rejected_rows(
    world, course, client_for, django_capture_on_commit_callbacks
):
    referral = sent(world, world.head_sby, course)
    content = (
        "رقم الإحالة,الحالة,التاريخ,السبب\n"
        f"{referral.public_id},accepted,2026-11-01,\n"
        "R-UNKNOWN1,accepted,2026-11-01,\n"
        f"{referral.public_id},completed,2026-11-02,\n"
    ).encode()
    client = client_for(world.partner_trainer)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/referrals/inbox/upload/", {"file": SimpleUploadedFile("out.csv", content)})
    job = OutcomeImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/upload/{job.pk}/")
    assert job.entity == world.trainer and job.state == "queued"
    run_outcome_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == "done"
    assert job.result == {"rows": 3, "applied": 1, "unchanged": 0, "rejected": 2}
    assert [r["reason"] for r in job.rejected] == ["unknown_referral", "invalid_transition"]
    page = client.get(f"/referrals/inbox/upload/{job.pk}/").content.decode()
    assert "invalid_transition" in page and "hx-trigger" not in page
    partial = client.get(f"/referrals/inbox/upload/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "unknown_referral" in partial


def test_the_daily_task_expires_unanswered_referrals_and_tells_the_office(world, course):
    referral = sent(world, world.head_sby, course)
    Referral.objects.filter(pk=referral.pk).update(due_by=timezone.localdate() - timedelta(days=1))
    assert expire_overdue_referrals.call() == 1
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED
    assert OfficeNotice.objects.filter(office=world.sby, kind="expired").count() == 1
