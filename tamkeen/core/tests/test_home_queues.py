"""Each person's home page is their work queue: what needs them today, counted, with the first items."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.cases import services as cases
from tamkeen.cases.models import CaseNote, PlanAction
from tamkeen.referrals.tests.fixtures import referral_world
from tests.access import PERSONAS

pytestmark = pytest.mark.django_db


def queues_of(client_for, user) -> dict:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return {queue.key: queue for queue in response.context["queues"]}


def test_every_persona_gets_a_home_page(world, client_for):
    for persona in PERSONAS:
        if persona.startswith("beneficiary"):
            continue  # the portal is their home
        assert client_for(world.users[persona]).get("/").status_code == 200


def test_noras_overdue_action_is_first_on_her_home(world, client_for):
    plan = cases.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment", goals="وظيفة")
    action = cases.plan_action_add(
        actor=world.worker_sby,
        plan=plan,
        description="إعداد السيرة الذاتية",
        owner="member",
        due_date=timezone.localdate() + timedelta(days=3),
    )
    PlanAction.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    queues = queues_of(client_for, world.worker_sby)
    late = queues["late-actions"]
    assert late.count == 1 and late.items[0].detail == "إعداد السيرة الذاتية" and late.items[0].is_late
    assert next(iter(queues)) == "late-actions"  # urgent work with items comes first
    # Her colleague in Farasan has nothing of hers.
    assert queues_of(client_for, world.worker_frs)["late-actions"].count == 0


def test_khalid_sees_the_plan_waiting_for_his_approval(world, client_for):
    plan = cases.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment", goals="وظيفة")
    cases.plan_action_add(
        actor=world.worker_sby, plan=plan, description="مقابلة", owner="member",
        due_date=timezone.localdate() + timedelta(days=9),
    )  # fmt: skip
    cases.plan_submit(actor=world.worker_sby, plan=plan)
    approvals = queues_of(client_for, world.supervisor_sby)["approvals"]
    assert approvals.count == 1 and approvals.items[0].url.endswith(f"/cases/plan/{plan.pk}/")
    assert queues_of(client_for, world.supervisor_frs)["approvals"].count == 0


def test_the_trainer_sees_the_new_referral_and_the_employer_does_not(world, client_for):
    sent = referral_world(world)["sent"]
    new = queues_of(client_for, world.partner_trainer)["referrals-new"]
    assert new.count == 1 and new.items[0].label == sent.public_id
    assert queues_of(client_for, world.partner_employer)["referrals-new"].count == 0


def test_the_auditor_lands_on_the_desk_with_the_weeks_break_glass_openings(world, client_for):
    note = CaseNote.objects.create(
        member=world.wife_sby,
        author=world.worker_frs,
        author_office=world.frs,
        text="سرّي",
        is_confidential=True,
    )
    cases.note_break_glass(actor=world.supervisor_sby, note=note, reason="نقلت الأسرة إلى صبيا وأحتاج سياقها")
    queues = queues_of(client_for, world.auditor)
    glass = queues["audit-break-glass"]
    assert glass.count == 1 and glass.items[0].label == str(world.supervisor_sby)
    assert glass.url.startswith("/audit/?action=cases.note.break_glass")
    assert "audit-break-glass" not in queues_of(client_for, world.supervisor_sby)


def test_the_home_page_no_longer_repeats_the_menu(world, client_for):
    page = client_for(world.worker_sby).get("/").content.decode()
    main = page[page.index("<main") :]
    assert 'class="cards"' not in main


def test_a_long_queue_says_more_than_the_cap_instead_of_counting_every_row(world, client_for, monkeypatch):
    from tamkeen.core import worklist
    from tamkeen.registry.models import Member
    from tests.personas import make_member

    for n in range(3):
        make_member(world.household_sby, "son", f"فهد{n}", "الحازمي", case_worker=world.worker_sby)
    without_plan = Member.objects.filter(case_worker=world.worker_sby, plans__isnull=True).count()
    assert without_plan > 2
    assert worklist.capped_count(Member.objects.filter(case_worker=world.worker_sby), cap=2) == 3
    assert worklist.capped_count([1, 2], cap=2) == 2
    monkeypatch.setattr(worklist, "COUNT_CAP", 2)
    response = client_for(world.worker_sby).get("/", HTTP_ACCEPT_LANGUAGE="en")
    queue = {q.key: q for q in response.context["queues"]}["no-plan"]
    assert queue.count == 3 and queue.is_capped
    assert "more than 2" in response.content.decode()
