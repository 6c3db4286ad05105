"""Nothing falls between chairs: Nora registers a family and finds it in her caseload; a household registered by
Khalid (a supervisor) waits on his home page until he gives it to a case worker, and the move is audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tamkeen.cases import assignment
from tamkeen.cases.services import CaseError
from tamkeen.core.models import AuditEvent
from tamkeen.geography.models import Office
from tamkeen.registry import services as registry
from tamkeen.registry.models import Member, RecordChange
from tests.personas import make_member, make_user, next_national_id

pytestmark = pytest.mark.django_db


def register(world, actor, first_name="سلمى", office=None):
    office = office or world.sby
    governorate = (
        world.household_sby.governorate_id if office == world.sby else world.household_frs.governorate_id
    )
    return registry.household_create(
        actor=actor,
        office=office,
        household_values={"file_number": "", "governorate_id": governorate},
        head_values={"national_id": next_national_id(), "first_name": first_name, "family_name": "المالكي",
                     "name_key": f"{first_name} المالكي", "gender": "F", "birth_date": date(1990, 1, 1)},
    )  # fmt: skip


def add_member(world, actor, household, first_name="ريم"):
    return registry.member_add(
        actor=actor,
        household=household,
        values={"national_id": next_national_id(), "relation": "daughter", "first_name": first_name,
                "family_name": "المالكي", "name_key": first_name, "gender": "F", "birth_date": date(2001, 1, 1)},
    )  # fmt: skip


def test_the_household_nora_registers_is_in_her_caseload_with_the_assignment_recorded(world, client_for):
    household = register(world, world.worker_sby)
    head = household.members.get()
    assert head.case_worker == world.worker_sby
    daughter = add_member(world, world.worker_sby, household)
    assert daughter.case_worker == world.worker_sby
    event = AuditEvent.objects.get(action="registry.member.create", member_id=head.pk)
    assert event.changes["case_worker"] == [None, world.worker_sby.pk]
    page = client_for(world.worker_sby).get(reverse("cases:caseload"))
    assert {head.pk, daughter.pk} <= {row.pk for row in page.context["window"].rows}


def test_a_member_added_later_by_a_colleague_joins_the_household_case_worker(world):
    household = register(world, world.worker_sby)
    colleague = make_user("colleague_sby", "case_worker", office=world.sby)
    son = add_member(world, colleague, household, first_name="سعد")
    assert son.case_worker == world.worker_sby


def test_least_loaded_rule_gives_the_household_to_the_lightest_caseload(world):
    Office.objects.filter(pk=world.sby.pk).update(case_worker_rule=Office.CaseWorkerRule.LEAST_LOADED)
    light = make_user("light_sby", "case_worker", office=world.sby)
    head = register(world, world.worker_sby).members.get()
    assert head.case_worker == light  # Nora already carries the Hazmi family


def test_with_the_supervisor_rule_the_household_waits_on_khalids_home(world, client_for):
    Office.objects.filter(pk=world.sby.pk).update(case_worker_rule=Office.CaseWorkerRule.SUPERVISOR)
    household = register(world, world.worker_sby)
    assert household.members.get().case_worker is None
    home = client_for(world.supervisor_sby).get("/")
    queue = {q.key: q for q in home.context["queues"]}["unassigned"]
    assert household in [item.obj for item in queue.items]
    assert f'action="{reverse("cases:household_assign", args=[household.pk])}"' in home.content.decode()


def test_khalid_assigns_a_household_he_registered_and_each_member_move_is_audited(world, client_for):
    household = register(world, world.supervisor_sby)
    add_member(world, world.supervisor_sby, household)
    assert assignment.unassigned_members(world.sby.pk).filter(household=household).count() == 2
    client = client_for(world.supervisor_sby)
    response = client.post(
        reverse("cases:household_assign", args=[household.pk]),
        {"to_worker": world.worker_sby.pk, "reason": "أقرب إلى منزلهم"},
    )
    assert response.status_code == 302 and response.url == "/"
    assert set(household.members.values_list("case_worker", flat=True)) == {world.worker_sby.pk}
    assert (
        AuditEvent.objects.filter(
            action=assignment.HOUSEHOLD_ASSIGN, member_id__in=household.members.values("pk")
        ).count()
        == 2
    )
    assert RecordChange.objects.filter(household=household, source="cases").count() == 2
    assert household not in assignment.unassigned_households(world.sby.pk)


def test_members_who_already_have_a_case_worker_keep_theirs(world):
    household = register(world, world.supervisor_sby)
    colleague = make_user("colleague_sby", "case_worker", office=world.sby)
    kept = make_member(household, "son", "فهد", "المالكي", case_worker=colleague)
    moved = assignment.household_assign_case_worker(
        actor=world.supervisor_sby, household=household, to_worker=world.worker_sby
    )
    assert moved == 1
    kept.refresh_from_db()
    assert kept.case_worker == colleague


def test_only_the_offices_supervisor_assigns_and_only_to_its_own_case_workers(world, client_for):
    household = register(world, world.supervisor_sby)
    for actor in (world.worker_sby, world.supervisor_frs):
        with pytest.raises(PermissionDenied):
            assignment.household_assign_case_worker(
                actor=actor, household=household, to_worker=world.worker_sby
            )
    with pytest.raises(CaseError):
        assignment.household_assign_case_worker(
            actor=world.supervisor_sby, household=household, to_worker=world.worker_frs
        )
    # Farasan's supervisor meets the same 404 as for a missing household; nothing changes.
    response = client_for(world.supervisor_frs).post(
        reverse("cases:household_assign", args=[household.pk]), {"to_worker": world.worker_frs.pk}
    )
    assert response.status_code == 404
    assert not Member.objects.filter(household=household, case_worker__isnull=False).exists()


def test_nora_does_not_see_the_unassigned_queue(world, client_for):
    register(world, world.supervisor_sby)
    home = client_for(world.worker_sby).get("/")
    assert "unassigned" not in {q.key for q in home.context["queues"]}


def test_khalids_first_waiting_households_are_those_of_the_full_list_in_its_order(world, monkeypatch):
    """The home page walks members without a case worker instead of grouping the office; same households, same
    order, ties on the waiting time broken by household, other offices left out, even across walk steps."""
    monkeypatch.setattr(assignment, "_WALK_STEP", 3)
    households = [register(world, world.supervisor_sby, first_name=f"سلمى{i}") for i in range(6)]
    for household in households[:3]:
        for n in range(3):
            add_member(world, world.supervisor_sby, household, first_name=f"ريم{n}")
    register(world, world.supervisor_frs, office=world.frs)
    same_time = households[0].members.order_by("pk").first().created_at
    Member.objects.filter(household__in=households[3:5]).update(created_at=same_time)
    assignment.household_assign_case_worker(
        actor=world.supervisor_sby, household=households[5], to_worker=world.worker_sby
    )
    full = list(assignment.unassigned_households(world.sby.pk))
    for limit in (1, 3, 5, 10):
        first = assignment.first_unassigned_households(world.sby.pk, limit)
        assert [h.pk for h in first] == [h.pk for h in full[:limit]]
        assert [h.unassigned for h in first] == [h.unassigned for h in full[:limit]]
    assert households[5].pk not in {h.pk for h in full}
