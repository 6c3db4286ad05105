"""Khalid's team page counts the whole office from the cache; every write that changes a figure shows on the
very next load (the office's version is bumped when the write commits), never a figure older than the write."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from tamkeen.accounts.models import Role
from tamkeen.cases import assignment, selectors, services
from tamkeen.dedup.services import candidate_merge, merge_undo
from tamkeen.dedup.tests.factories import make_candidate, make_duplicate_of
from tamkeen.geography.models import Office
from tamkeen.registry import services as registry_services
from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.tests.rollfiles import household_rows, write_csv
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def team_page(client) -> dict:
    """{worker username or "unassigned": (members, overdue, waiting)} as Khalid's page renders them."""
    context = client.get("/cases/team/").context
    figures = {r["worker"].username: (r["members"], r["overdue"], r["waiting"]) for r in context["rows"]}
    return figures | {"unassigned": context["unassigned"]}


@pytest.fixture
def khalid(world, client_for):
    client = client_for(world.supervisor_sby)
    assert team_page(client) == {"worker_sby": (2, 0, 0), "unassigned": 1}  # now cached
    return client


def test_assigning_a_household_shows_at_once(world, khalid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assignment.household_assign_case_worker(
            actor=world.supervisor_sby, household=world.household_sby, to_worker=world.worker_sby
        )
    assert team_page(khalid) == {"worker_sby": (3, 0, 0), "unassigned": 0}


def test_reassigning_a_member_shows_at_once(world, khalid, django_capture_on_commit_callbacks):
    colleague = make_user("worker2_sby", Role.CASE_WORKER, office=world.sby)
    with django_capture_on_commit_callbacks(execute=True):
        services.caseload_reassign(actor=world.supervisor_sby, member=world.head_sby, to_worker=colleague)
    assert team_page(khalid) == {"worker_sby": (1, 0, 0), "worker2_sby": (1, 0, 0), "unassigned": 1}


def test_a_member_registered_under_the_offices_rule_shows_at_once(
    world, khalid, django_capture_on_commit_callbacks
):
    Office.objects.filter(pk=world.sby.pk).update(case_worker_rule=Office.CaseWorkerRule.LEAST_LOADED)
    household = world.household_sby.__class__.objects.create(
        office=world.sby, governorate=world.household_sby.governorate, file_number="400999"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.member_add(
            actor=world.supervisor_sby,
            household=household,
            values={"national_id": "1000000999", "relation": "head", "first_name": "سالم", "family_name": "الحازمي",
                    "gender": "M", "birth_date": date(1990, 1, 1)},
        )  # fmt: skip
    assert team_page(khalid) == {"worker_sby": (3, 0, 0), "unassigned": 1}


@pytest.mark.parametrize(
    "method",
    [
        "rows",
        pytest.param(
            "sets",
            marks=pytest.mark.skipif(
                connection.vendor != "postgresql", reason="set-based import: PostgreSQL"
            ),
        ),
    ],
)
def test_a_roll_import_and_a_household_moved_by_the_next_roll_show_at_once(
    world, khalid, tmp_path, method, django_capture_on_commit_callbacks
):
    rows = household_rows("700001", 3)
    with django_capture_on_commit_callbacks(execute=True):
        RollImporter(write_csv(tmp_path / "roll.csv", rows), method=method).run()
    assert team_page(khalid) == {"worker_sby": (2, 0, 0), "unassigned": 4}
    moved = [{**row, "office_code": "FRS", "governorate": "فرسان"} for row in rows]
    with django_capture_on_commit_callbacks(execute=True):
        RollImporter(write_csv(tmp_path / "moved.csv", moved), method=method).run()
    assert team_page(khalid) == {"worker_sby": (2, 0, 0), "unassigned": 1}


def test_a_dedup_merge_and_its_undo_show_at_once(world, khalid, django_capture_on_commit_callbacks):
    copy = make_duplicate_of(world.head_sby)  # registered twice, the second time without a case worker
    cache.clear()  # the factory writes directly; the page starts from the figures with the copy in them
    assert team_page(khalid)["unassigned"] == 2
    candidate = make_candidate(world.head_sby, copy)
    with django_capture_on_commit_callbacks(execute=True):
        merge = candidate_merge(
            actor=world.supervisor_sby, candidate=candidate, survivor_id=world.head_sby.pk
        )
    assert team_page(khalid)["unassigned"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        merge_undo(actor=world.supervisor_sby, merge=merge)
    assert team_page(khalid)["unassigned"] == 2


def test_plans_and_actions_show_at_once(world, khalid, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    plan = services.plan_create(
        actor=world.worker_sby, member=world.head_sby, track="employment", goals="عمل"
    )
    with django_capture_on_commit_callbacks(execute=True):
        late = services.plan_action_add(
            actor=world.worker_sby, plan=plan, description="زيارة", owner="case_worker",
            due_date=today - timedelta(days=3),
        )  # fmt: skip
    assert team_page(khalid)["worker_sby"] == (2, 1, 0)
    services.plan_action_add(
        actor=world.worker_sby, plan=plan, description="مقابلة", owner="case_worker", due_date=today
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(actor=world.worker_sby, plan=plan)
    assert team_page(khalid)["worker_sby"] == (2, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(actor=world.supervisor_sby, plan=plan)
    assert team_page(khalid)["worker_sby"] == (2, 1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_action_mark_done(actor=world.worker_sby, action=late)
    assert team_page(khalid)["worker_sby"] == (2, 0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        services.actions_mark_overdue(today=today + timedelta(days=1))
    assert team_page(khalid)["worker_sby"] == (
        2,
        1,
        0,
    )  # today's action is overdue tomorrow; the date is kept


def add_late_action(world, plan):
    return services.plan_action_add(
        actor=world.worker_sby,
        plan=plan,
        description="late",
        owner="member",
        due_date=timezone.localdate() - timedelta(days=2),
    )


def test_a_plan_edit_recounts_the_plans_but_not_the_caseloads(
    world, khalid, monkeypatch, django_capture_on_commit_callbacks
):
    """Counting an office's members by case worker is the expensive figure; only writes to who the members
    are (registered, merged, moved, assigned) count them again."""
    counted = []
    real = selectors.caseload_sizes
    monkeypatch.setattr(
        selectors, "caseload_sizes", lambda office_id: counted.append(office_id) or real(office_id)
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment")
        add_late_action(world, plan)
    assert team_page(khalid) == {"worker_sby": (2, 1, 0), "unassigned": 1} and counted == []
    with django_capture_on_commit_callbacks(execute=True):
        assignment.household_assign_case_worker(
            actor=world.supervisor_sby, household=world.household_sby, to_worker=world.worker_sby
        )
    assert team_page(khalid) == {"worker_sby": (3, 1, 0), "unassigned": 0} and counted == [world.sby.pk]


def overdue_card(user, query: str = "") -> list[str]:
    client = Client()
    client.force_login(user)
    return [action.description for action in client.get(f"/cases/caseload/{query}").context["overdue"]]


def test_the_caseload_overdue_card_shows_each_write_at_once(world, django_capture_on_commit_callbacks):
    worker, khalid = world.worker_sby, world.supervisor_sby
    assert (
        overdue_card(worker) == [] and overdue_card(khalid, f"?worker={world.worker_sby.pk}") == []
    )  # cached
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment")
        action = add_late_action(world, plan)
    assert overdue_card(worker) == ["late"] == overdue_card(khalid, f"?worker={world.worker_sby.pk}")
    assert overdue_card(khalid, "?worker=none") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_action_mark_done(actor=world.worker_sby, action=action)
    assert overdue_card(worker) == []


def test_the_caseload_overdue_card_never_shows_a_member_who_left_the_caseload(world):
    with_plan = services.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment")
    add_late_action(world, with_plan)
    worker = world.worker_sby
    assert overdue_card(worker) == ["late"]  # cached
    # Moved without a service (no version bump): the rows are still read through the caseload's own test.
    world.head_sby.__class__.objects.filter(pk=world.head_sby.pk).update(case_worker=None)
    assert overdue_card(worker) == []


def late_queues(user) -> dict:
    client = Client()
    client.force_login(user)
    queues = {q.key: q for q in client.get("/").context["queues"]}
    late = queues.get("late-actions") or queues["office-late-actions"]
    return late.count, [item.detail for item in late.items]


def test_the_homes_late_actions_show_each_write_at_once(world, django_capture_on_commit_callbacks):
    assert late_queues(world.worker_sby) == (0, []) == late_queues(world.supervisor_sby)  # cached
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment")
        action = add_late_action(world, plan)
    assert late_queues(world.worker_sby) == (1, ["late"]) == late_queues(world.supervisor_sby)
    assert late_queues(world.worker_frs) == (0, [])
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_action_mark_done(actor=world.worker_sby, action=action)
    assert late_queues(world.worker_sby) == (0, []) == late_queues(world.supervisor_sby)


def supervisor_queue(user, key: str) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(user)
    queue = {q.key: q for q in client.get("/").context["queues"]}[key]
    return queue.count, [item.label for item in queue.items]


def test_the_homes_approvals_show_each_write_at_once(world, django_capture_on_commit_callbacks):
    khalid = world.supervisor_sby
    assert supervisor_queue(khalid, "approvals") == (0, [])  # cached
    plan = services.plan_create(
        actor=world.worker_sby, member=world.head_sby, track="employment", goals="عمل"
    )
    services.plan_action_add(
        actor=world.worker_sby,
        plan=plan,
        description="مقابلة",
        owner="case_worker",
        due_date=timezone.localdate(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(actor=world.worker_sby, plan=plan)
    assert supervisor_queue(khalid, "approvals") == (1, [str(world.head_sby)])
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_approve(actor=khalid, plan=plan)
    assert supervisor_queue(khalid, "approvals") == (0, [])


def test_the_homes_households_waiting_show_each_write_at_once(world, django_capture_on_commit_callbacks):
    khalid = world.supervisor_sby
    count, households = supervisor_queue(khalid, "unassigned")  # cached
    assert (count, households) == (1, [str(world.household_sby)])
    with django_capture_on_commit_callbacks(execute=True):
        assignment.household_assign_case_worker(
            actor=khalid, household=world.household_sby, to_worker=world.worker_sby
        )
    assert supervisor_queue(khalid, "unassigned") == (0, [])


def test_the_homes_households_waiting_never_show_a_household_assigned_without_a_service(world):
    khalid = world.supervisor_sby
    assert supervisor_queue(khalid, "unassigned")[1] == [str(world.household_sby)]  # cached
    # Assigned without a service (no version bump): the rows are still read through the queue's own test.
    world.head_sby.__class__.objects.filter(household=world.household_sby).update(
        case_worker=world.worker_sby
    )
    assert supervisor_queue(khalid, "unassigned")[1] == []
