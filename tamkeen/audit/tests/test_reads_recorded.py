"""Every page that shows a person leaves a read in the trail that "who read this member's file" finds."""

import pytest
from django.urls import reverse

from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _readers(member) -> set[tuple[str, str]]:
    return set(
        AuditEvent.objects.filter(member_id=member.pk, kind="read").values_list("actor__username", "action")
    )


def test_a_registry_search_records_a_read_of_each_member_listed(client, world):
    client.force_login(world.worker_sby)
    response = client.post(reverse("registry:search"), {"q": world.head_sby.national_id})
    assert world.head_sby.full_name in response.content.decode()
    assert ("worker_sby", "registry.search.read") in _readers(world.head_sby)
    assert not AuditEvent.objects.filter(member_id=world.head_frs.pk).exists()


def test_the_case_work_household_page_records_a_read_of_each_member(client, world):
    client.force_login(world.supervisor_sby)
    assert client.get(reverse("cases:household", args=[world.household_sby.pk])).status_code == 200
    for member in (world.head_sby, world.wife_sby, world.son_sby):
        assert ("supervisor_sby", "cases.household.read") in _readers(member)


def test_the_registry_household_page_records_a_read_of_each_member(client, world):
    client.force_login(world.worker_sby)
    assert client.get(reverse("registry:household", args=[world.household_sby.pk])).status_code == 200
    for member in (world.head_sby, world.wife_sby, world.son_sby):
        assert ("worker_sby", "household.read") in _readers(member)


def test_the_member_edit_form_records_a_read(client, world):
    client.force_login(world.worker_sby)
    assert client.get(reverse("registry:member_edit", args=[world.wife_sby.pk])).status_code == 200
    assert ("worker_sby", "member.edit.read") in _readers(world.wife_sby)


def test_the_auditor_finds_the_search_among_who_read_the_member(client, world):
    client.force_login(world.worker_sby)
    client.post(reverse("registry:search"), {"q": world.head_sby.national_id})
    client.force_login(world.auditor)
    response = client.get(reverse("audit:trail"), {"member": world.head_sby.pk, "kind": "read"})
    assert "worker_sby" in {e.actor.username for e in response.context["events"] if e.actor}


def test_the_records_behind_a_figure_record_a_read_of_each_person_listed(client, world):
    from datetime import date

    from tamkeen.outcomes.services import outcome_report, outcome_verify

    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2025, 3, 1), entity=world.employer,
        wage=4000,
    )  # fmt: skip
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    client.force_login(world.manager)
    page = client.get(
        reverse("reports:drilldown"), {"figure": "empowered_members", "year": 1446, "calendar": "hijri"}
    )
    assert world.head_sby.full_name in page.content.decode()
    assert ("manager", "reports.drilldown.read") in _readers(world.head_sby)
    # What was asked, then one read per person listed, appended together in that order.
    mine = AuditEvent.objects.filter(actor=world.manager, action__startswith="reports.").order_by("id")
    actions = list(mine.values_list("action", flat=True))
    assert actions == ["reports.drilldown", "reports.drilldown.read"]
    client.get(
        reverse("reports:drilldown_export", args=["csv"]),
        {"figure": "empowered_members", "year": 1446, "calendar": "hijri"},
    )
    assert ("manager", "reports.drilldown.export") in _readers(world.head_sby)
