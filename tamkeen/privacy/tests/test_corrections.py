"""Muhammad says his mobile number is wrong. Nora records his request at the office; Khalid, her supervisor,
sees it in his list (the one due first on top, overdue ones marked) and decides within 30 days."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tamkeen.core.models import AuditEvent
from tamkeen.privacy.models import CorrectionRequest
from tamkeen.privacy.services import (
    correction_request_accept,
    correction_request_create,
    correction_request_reject,
)
from tamkeen.registry.models import Member, RecordChange

pytestmark = pytest.mark.django_db


def request_phone(world, actor=None, member=None, **options):
    return correction_request_create(
        actor=actor or world.worker_sby, member=member or world.head_sby, field="phone",
        proposed_value="0551112233", reason="changed his number", **options,
    )  # fmt: skip


def test_a_request_is_due_thirty_days_after_it_was_received(world):
    request = request_phone(world, received_on=date(2026, 3, 1))
    assert request.due_on == date(2026, 3, 31)
    assert (request.status, request.channel, request.current_value) == ("received", "office", "+966501234567")
    event = AuditEvent.objects.get(action="privacy.correction.request")
    assert event.member_id == world.head_sby.pk and event.actor == world.worker_sby
    assert event.changes == {"phone": ["+966501234567", "0551112233"]}


def test_accepting_corrects_the_record_through_the_registry(world):
    request = request_phone(world)
    correction_request_accept(actor=world.supervisor_sby, request=request, note="checked his ID card")
    member = Member.objects.get(pk=world.head_sby.pk)
    assert member.phone == "+966551112233"  # cleaned as the member form cleans it
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("accepted", world.supervisor_sby)
    change = RecordChange.objects.get(member=member, changes__has_key="phone")
    assert change.actor == world.supervisor_sby and f"correction request {request.pk}" in change.reason
    assert AuditEvent.objects.filter(action="registry.member.update", member_id=member.pk).exists()
    assert AuditEvent.objects.filter(action="privacy.correction.accept", member_id=member.pk).exists()
    with pytest.raises(ValidationError):
        correction_request_reject(actor=world.supervisor_sby, request=request, reason="too late")


def test_a_name_correction_updates_the_matching_key(world):
    request = correction_request_create(
        actor=world.worker_sby, member=world.head_sby, field="father_name", proposed_value="عبد الله"
    )
    correction_request_accept(actor=world.supervisor_sby, request=request)
    member = Member.objects.get(pk=world.head_sby.pk)
    assert member.father_name == "عبد الله" and "عبدالله" in member.name_key


def test_rejecting_needs_a_reason_and_changes_nothing(world):
    request = request_phone(world)
    with pytest.raises(ValidationError):
        correction_request_reject(actor=world.supervisor_sby, request=request, reason="  ")
    correction_request_reject(actor=world.supervisor_sby, request=request, reason="the number is his wife's")
    request.refresh_from_db()
    assert request.status == "rejected" and request.decision_reason == "the number is his wife's"
    assert Member.objects.get(pk=world.head_sby.pk).phone == "+966501234567"
    assert AuditEvent.objects.filter(
        action="privacy.correction.reject", reason="the number is his wife's"
    ).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("national_id", "1000000000"), ("phone", "0521234567"), ("birth_date", "2999-01-01"), ("gender", "X"),
     ("household", "1"), ("phone", "+966501234567")],
)  # fmt: skip
def test_impossible_or_unchanged_values_are_refused_when_recorded(world, field, value):
    with pytest.raises(ValidationError):
        correction_request_create(
            actor=world.worker_sby, member=world.head_sby, field=field, proposed_value=value
        )
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize(
    "persona", ["worker_frs", "supervisor_frs", "manager", "partner_employer", "auditor"]
)
def test_only_the_members_office_or_the_member_files_a_request(world, persona):
    with pytest.raises(PermissionDenied):
        request_phone(world, actor=world.users[persona])


def test_the_member_files_their_own_request_from_the_portal_but_not_a_relatives(world):
    own = request_phone(world, actor=world.beneficiary_sby)
    assert own.channel == "portal"
    with pytest.raises(PermissionDenied):
        request_phone(world, actor=world.beneficiary_sby, member=world.wife_sby)


@pytest.mark.parametrize("persona", ["worker_sby", "supervisor_frs", "beneficiary_sby"])
def test_only_the_office_supervisor_decides(world, persona):
    request = request_phone(world)
    with pytest.raises(PermissionDenied):
        correction_request_accept(actor=world.users[persona], request=request)
    with pytest.raises(PermissionDenied):
        correction_request_reject(actor=world.users[persona], request=request, reason="no")


def test_khaleds_list_is_sorted_by_due_date_with_overdue_marked(world, client_for):
    today = timezone.localdate()
    late = request_phone(world, received_on=today - timedelta(days=40))
    soon = correction_request_create(actor=world.worker_sby, member=world.wife_sby, field="education",
                                     proposed_value="bachelor", received_on=today - timedelta(days=25))  # fmt: skip
    fresh = correction_request_create(actor=world.worker_sby, member=world.son_sby, field="marital_status",
                                      proposed_value="married")  # fmt: skip
    other_office = correction_request_create(actor=world.worker_frs, member=world.head_frs, field="education",
                                             proposed_value="bachelor")  # fmt: skip
    page = client_for(world.supervisor_sby).get(reverse("privacy:corrections"))
    assert page.status_code == 200
    rows = page.context["open_requests"]
    assert [item.pk for item, _overdue, _days in rows] == [late.pk, soon.pk, fresh.pk]
    assert [overdue for _item, overdue, _days in rows] == [True, False, False]
    assert page.context["overdue_count"] == 1
    html = page.content.decode()
    assert "overdue-summary" in html and world.head_frs.full_name not in html
    assert other_office.pk not in [item.pk for item, _o, _d in rows]


def test_nora_records_and_khalid_decides_in_the_browser_pages(world, client_for):
    client = client_for(world.worker_sby)
    url = reverse("privacy:correction_add", args=[world.head_sby.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"field": "phone", "proposed_value": "0521234567"})
    assert bad.status_code == 200 and not CorrectionRequest.objects.exists()
    response = client.post(url, {"field": "phone", "proposed_value": "0551112233", "reason": "new SIM"})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    member_page = client.get(reverse("registry:member", args=[world.head_sby.pk])).content.decode()
    assert (
        "0551112233" in member_page
        and reverse("privacy:correction_add", args=[world.head_sby.pk]) in member_page
    )
    assert client.get(reverse("privacy:correction", args=[request.pk])).status_code == 403

    supervisor = client_for(world.supervisor_sby)
    decide = reverse("privacy:correction", args=[request.pk])
    assert (
        supervisor.post(decide, {"decision": "reject", "reason": ""}).status_code == 200
    )  # a reason is required
    assert supervisor.post(decide, {"decision": "accept", "reason": ""}).status_code == 302
    assert Member.objects.get(pk=world.head_sby.pk).phone == "+966551112233"
    assert client_for(world.supervisor_frs).get(decide).status_code == 404


def test_the_member_is_told_the_answer_even_after_opting_out(world):
    from tamkeen.notifications.models import Message, Preference

    Preference.objects.create(member=world.head_sby, is_opted_out=True)
    request = request_phone(world)
    correction_request_reject(actor=world.supervisor_sby, request=request, reason="the number is his wife's")
    sms = Message.objects.get(event="privacy.correction_rejected", channel="sms")
    assert sms.member == world.head_sby and sms.is_required and "the number is his wife's" in sms.body
    assert sms.to_address == "+966501234567"
