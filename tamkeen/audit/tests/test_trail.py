"""Yasser the auditor searches the trail: by person (the national ID is posted, never in an address), user,
action, record, kind and period; "who read this member's file" is one click; results export inert."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tamkeen.core.audit import audit_bulk, audit_read
from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, world):
    client.force_login(world.auditor)
    return client


def _read(world, actor, member, days_ago: int, action="member.read"):
    with transaction.atomic():
        audit_bulk(
            [
                AuditEvent(
                    at=timezone.now() - timedelta(days=days_ago), actor=actor, kind=AuditEvent.Kind.READ,
                    action=action, object_type="registry.member", object_id=str(member.pk), member_id=member.pk,
                )
            ]
        )  # fmt: skip


def _actors(response) -> set[str]:
    return {event.actor.username for event in response.context["events"] if event.actor}


def test_the_national_id_is_posted_and_becomes_a_member_number(desk, world):
    response = desk.post(reverse("audit:trail"), {"national_id": world.head_sby.national_id, "kind": "read"})
    assert response.status_code == 302
    assert world.head_sby.national_id not in response.url
    assert f"member={world.head_sby.pk}" in response.url and "kind=read" in response.url
    lookup = AuditEvent.objects.get(action="audit.member_lookup")
    assert (lookup.actor, lookup.object_id, lookup.kind) == (world.auditor, str(world.head_sby.pk), "read")


def test_an_unknown_national_id_says_so(desk, world):
    from tests.personas import next_national_id

    response = desk.post(reverse("audit:trail"), {"national_id": next_national_id()})
    assert response.status_code == 200
    assert response.context["form"].errors["national_id"]


def test_a_national_id_in_the_address_is_ignored(desk, world):
    _read(world, world.worker_sby, world.head_sby, 3)
    response = desk.get(reverse("audit:trail"), {"national_id": world.head_sby.national_id})
    assert response.context["filters"].member is None


def test_who_read_a_members_file_last_month(desk, world):
    _read(world, world.worker_sby, world.head_sby, 20)
    _read(world, world.supervisor_sby, world.head_sby, 70)  # outside the period
    _read(world, world.worker_frs, world.wife_sby, 20)  # another person
    today = timezone.localdate()
    response = desk.get(
        reverse("audit:trail"),
        {
            "member": world.head_sby.pk,
            "kind": "read",
            "date_from": (today - timedelta(days=40)).isoformat(),
            "date_to": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert _actors(response) == {"worker_sby"}
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_filters_by_user_action_and_record(desk, world):
    _read(world, world.worker_sby, world.head_sby, 1, action="case.read")
    _read(world, world.supervisor_sby, world.wife_sby, 1, action="member.read")
    by_user = desk.get(reverse("audit:trail"), {"user": "supervisor_sby"})
    assert _actors(by_user) == {"supervisor_sby"}
    by_action = desk.get(reverse("audit:trail"), {"action": "case."})
    assert {e.action for e in by_action.context["events"]} == {"case.read"}
    by_record = desk.get(
        reverse("audit:trail"), {"object_type": "registry.member", "object_id": str(world.wife_sby.pk)}
    )
    assert {e.member_id for e in by_record.context["events"]} == {world.wife_sby.pk}


def test_each_event_offers_who_read_that_member_in_one_click(desk, world):
    _read(world, world.worker_sby, world.head_sby, 1)
    page = desk.get(reverse("audit:trail"), {"user": "worker_sby"}).content.decode()
    assert f'href="?member={world.head_sby.pk}&amp;kind=read"' in page


def test_the_trail_is_paged(desk, world, monkeypatch):
    from tamkeen.audit import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for days in (1, 2, 3):
        _read(world, world.worker_sby, world.head_sby, days)
    first = desk.get(reverse("audit:trail"), {"member": world.head_sby.pk, "kind": "read"})
    assert (len(first.context["events"]), first.context["has_next"]) == (2, True)
    second = desk.get(reverse("audit:trail"), {"member": world.head_sby.pk, "kind": "read", "page": 2})
    assert (len(second.context["events"]), second.context["has_next"]) == (1, False)


def test_the_auditors_searches_are_themselves_audited(desk, world):
    desk.get(reverse("audit:trail"), {"member": world.head_sby.pk})
    search = AuditEvent.objects.get(actor=world.auditor, action="audit.search")
    assert search.changes["filters"][1] == f"member={world.head_sby.pk}"
    assert search.member_id is None  # not a read of the person's file


def test_the_export_is_inert(desk, world):
    audit_read(
        actor=world.worker_sby, obj=world.head_sby, member_id=world.head_sby.pk, action="=cmd|'/c calc'!A0"
    )
    response = desk.get(reverse("audit:export", args=["csv"]), {"member": world.head_sby.pk})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][7] == "'=cmd|'/c calc'!A0"
    assert rows[1][3] == "worker_sby"
    book = desk.get(reverse("audit:export", args=["xlsx"]), {"member": world.head_sby.pk})
    sheet = load_workbook(io.BytesIO(book.content)).active
    cell = sheet.cell(row=2, column=8)
    assert (cell.value, cell.data_type) == ("'=cmd|'/c calc'!A0", "s")
    assert AuditEvent.objects.filter(actor=world.auditor, action="audit.export").count() == 2


def test_the_auditor_sees_the_trail_only(client, world):
    client.force_login(world.auditor)
    assert client.get(reverse("registry:search")).status_code == 403
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("audit:trail") in home


def test_an_export_asks_to_confirm_identity_after_a_while(desk, world):
    from tamkeen.accounts.rules import AUTHENTICATED_AT

    session = desk.session
    session[AUTHENTICATED_AT] = 0.0
    session.save()
    response = desk.get(reverse("audit:export", args=["csv"]), {"kind": "read"})
    assert response.status_code == 302 and reverse("accounts:confirm") in response.url
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_the_export_dates_each_event_hijri_first(desk, world):
    audit_read(actor=world.worker_sby, obj=world.head_sby, member_id=world.head_sby.pk, action="member.read")
    response = desk.get(reverse("audit:export", args=["csv"]), {"member": world.head_sby.pk})
    header, first = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[:2]
    assert header[1:3] == ["التاريخ (هجري)", "الوقت"]
    assert first[1].endswith(" هـ") and first[1][:4].startswith("14")
    assert first[2][:4].startswith("20")
