"""Nora (worker_sby) drafts plans, Khalid (supervisor_sby) approves them; Farasan's staff stay outside."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tamkeen.cases import access, selectors, services
from tamkeen.cases.models import CaseExit, CaseNote, EmpowermentPlan, PlanAction
from tamkeen.cases.rules import TRANSITION_RULE
from tamkeen.cases.selectors import transition_period_on
from tamkeen.core.models import AuditEvent, DatedRule
from tamkeen.registry.models import Household, Member, RecordChange
from tests.personas import make_member, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


def draft_plan(world, member=None, **kwargs):
    plan = services.plan_create(
        actor=world.worker_sby, member=member or world.head_sby, track="employment", goals="وظيفة في التجزئة"
    )
    services.plan_action_add(
        actor=world.worker_sby,
        plan=plan,
        description="إعداد السيرة الذاتية",
        owner="member",
        due_date=kwargs.get("due", timezone.localdate() + timedelta(days=14)),
    )
    return plan


def test_a_plan_goes_from_draft_to_approved_with_every_step_audited(world):
    plan = draft_plan(world)
    services.plan_submit(actor=world.worker_sby, plan=plan)
    services.plan_return(actor=world.supervisor_sby, plan=plan, reason="أضف دورة في خدمة العملاء")
    plan.refresh_from_db()
    assert plan.status == "returned" and plan.return_reason
    services.plan_action_add(
        actor=world.worker_sby,
        plan=plan,
        description="دورة خدمة العملاء",
        owner="entity",
        due_date=timezone.localdate() + timedelta(days=30),
    )
    services.plan_submit(actor=world.worker_sby, plan=plan)
    services.plan_approve(actor=world.supervisor_sby, plan=plan)
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.decided_by == world.supervisor_sby and plan.return_reason == ""
    actions = list(
        AuditEvent.objects.filter(object_type="cases.empowermentplan", object_id=str(plan.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"plan.create", "plan.submit", "plan.return", "plan.approve"} <= set(actions)


def test_only_the_office_supervisor_approves_and_never_their_own_draft(world):
    plan = draft_plan(world)
    with pytest.raises(services.CaseError):
        services.plan_approve(actor=world.supervisor_sby, plan=plan)  # still a draft
    services.plan_submit(actor=world.worker_sby, plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=world.worker_sby, plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=world.supervisor_frs, plan=plan)
    with pytest.raises(services.CaseError):
        services.plan_return(actor=world.supervisor_sby, plan=plan, reason="  ")
    own = services.plan_create(
        actor=world.supervisor_sby, member=world.wife_sby, track="training", goals="دبلوم"
    )
    services.plan_action_add(
        actor=world.supervisor_sby, plan=own, description="تسجيل", owner="member", due_date=TODAY
    )
    services.plan_submit(actor=world.supervisor_sby, plan=own)
    with pytest.raises(PermissionDenied):
        services.plan_approve(actor=world.supervisor_sby, plan=own)


def test_a_plan_needs_goals_and_an_action_before_submission(world):
    plan = services.plan_create(actor=world.worker_sby, member=world.head_sby, track="employment")
    with pytest.raises(services.CaseError):
        services.plan_submit(actor=world.worker_sby, plan=plan)
    with pytest.raises(services.CaseError):
        services.plan_create(actor=world.worker_sby, member=world.head_sby, track="training")


def test_changing_an_approved_plan_makes_a_new_version_and_keeps_the_old_one(world):
    plan = draft_plan(world)
    services.plan_submit(actor=world.worker_sby, plan=plan)
    services.plan_approve(actor=world.supervisor_sby, plan=plan)
    with pytest.raises(services.CaseError):
        services.plan_update(actor=world.worker_sby, plan=plan, track="training", goals="x")
    new = services.plan_revise(actor=world.worker_sby, plan=plan)
    plan.refresh_from_db()
    assert (new.version, new.status, new.is_current, new.previous) == (2, "draft", True, plan)
    assert plan.status == "approved" and not plan.is_current
    assert new.actions.count() == plan.actions.count() == 1
    services.plan_update(actor=world.worker_sby, plan=new, track="entrepreneurship", goals="مشروع منزلي")
    plan.refresh_from_db()
    assert plan.track == "employment"


def test_confidential_notes_are_read_by_their_author_and_the_authors_office_supervisors_only(world):
    open_note = services.note_add(
        actor=world.worker_sby, member=world.head_sby, text="حضر الموعد", is_confidential=False
    )
    secret = services.note_add(
        actor=world.worker_sby, member=world.head_sby, text="وضع صحي", is_confidential=True
    )
    colleague = make_user("worker2_sby", "case_worker", office=world.sby)
    assert set(access.notes_visible_to(world.worker_sby)) == {open_note, secret}
    assert set(access.notes_visible_to(world.supervisor_sby)) == {open_note, secret}
    assert set(access.notes_visible_to(colleague)) == {open_note}
    assert set(access.notes_visible_to(world.manager)) == {open_note}
    assert not access.notes_visible_to(world.supervisor_frs).exists()
    assert not access.notes_visible_to(world.partner_employer).exists()
    event = AuditEvent.objects.get(action="note.add", object_id=str(secret.pk))
    assert "وضع صحي" not in str(event.changes)
    with pytest.raises(services.CaseError):
        services.note_add(actor=world.worker_sby, member=world.head_sby, text="  ", is_confidential=False)
    with pytest.raises(PermissionDenied):
        services.note_add(actor=world.worker_frs, member=world.head_sby, text="x", is_confidential=False)
    assert CaseNote.objects.count() == 2


def test_the_caseload_shows_each_members_plan_and_overdue_work_in_file_order_and_filters(world):
    calm = draft_plan(world, world.wife_sby, due=timezone.localdate() + timedelta(days=60))
    late = draft_plan(world, world.head_sby, due=timezone.localdate() - timedelta(days=3))
    assert services.actions_mark_overdue() == 1
    assert PlanAction.objects.get(plan=late).is_overdue
    no_plan = make_member(world.household_sby, "daughter", "نوف", "الحازمي", case_worker=world.worker_sby)
    members = Member.objects.filter(case_worker=world.worker_sby)

    def window(**filters):
        return selectors.caseload_window(selectors.caseload_filter(members, **filters))

    everyone = window()
    assert [r.pk for r in everyone.rows] == [world.head_sby.pk, world.wife_sby.pk, no_plan.pk]
    assert everyone.count == 3 and not everyone.is_count_capped
    assert not everyone.previous_key and not everyone.next_key
    head, wife, daughter = everyone.rows
    assert (head.overdue_count, head.next_due, head.plan_status) == (1, late.actions.get().due_date, "draft")
    assert (wife.overdue_count, wife.plan_id) == (0, calm.pk)
    assert (daughter.plan_id, daughter.plan_status, daughter.next_due) == (None, None, None)
    assert [r.pk for r in window(status="none").rows] == [no_plan.pk]
    assert [r.pk for r in window(status="draft").rows] == [world.head_sby.pk, world.wife_sby.pk]
    assert [r.pk for r in window(status="approved").rows] == []
    assert {r.pk for r in window(track="employment").rows} == {world.head_sby.pk, world.wife_sby.pk}
    assert window(status="none", track="employment").rows == []
    assert window(governorate="FAR").rows == [] and window(governorate="FAR").count == 0
    assert calm.is_current


def test_the_caseload_pages_by_key_both_ways_and_stops_counting_at_the_cap(world):
    for n in range(6):
        make_member(world.household_sby, "son", f"فهد{n}", "الحازمي", case_worker=world.worker_sby)
    members = Member.objects.filter(case_worker=world.worker_sby)
    order = list(members.order_by("household_id", "pk").values_list("pk", flat=True))
    assert len(order) == 8
    first = selectors.caseload_window(members, size=3)
    assert [r.pk for r in first.rows] == order[:3] and not first.previous_key
    second = selectors.caseload_window(members, size=3, after=first.next_key)
    assert [r.pk for r in second.rows] == order[3:6] and second.previous_key
    last = selectors.caseload_window(members, size=3, after=second.next_key)
    assert [r.pk for r in last.rows] == order[6:] and not last.next_key and last.previous_key
    back = selectors.caseload_window(members, size=3, before=last.previous_key)
    assert [r.pk for r in back.rows] == order[3:6] and back.next_key and back.previous_key
    # Back from the second page is the first page, whole, with nothing before it.
    start = selectors.caseload_window(members, size=3, before=second.previous_key)
    assert [r.pk for r in start.rows] == order[:3] and not start.previous_key
    # A key that is not one shows the first page.
    assert [r.pk for r in selectors.caseload_window(members, size=3, after="x.1").rows] == order[:3]
    capped = selectors.caseload_window(members, size=3)
    assert capped.count == 8
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(selectors, "CASELOAD_COUNT_CAP", 5)
        capped = selectors.caseload_window(members, size=3)
    assert capped.count == 6 and capped.is_count_capped


def test_the_daily_task_marks_overdue_actions_and_unmarks_done_ones(world):
    plan = draft_plan(world, due=TODAY - timedelta(days=1))
    from tamkeen.cases.tasks import mark_overdue_actions

    assert mark_overdue_actions.call() == 1
    action = plan.actions.get()
    services.plan_action_mark_done(actor=world.worker_sby, action=action)
    action.refresh_from_db()
    assert action.is_done and not action.is_overdue
    assert services.actions_mark_overdue(today=TODAY) == 0


def test_the_supervisor_reassigns_a_member_and_the_change_is_audited(world):
    colleague = make_user("worker2_sby", "case_worker", office=world.sby)
    services.caseload_reassign(
        actor=world.supervisor_sby, member=world.head_sby, to_worker=colleague, reason="توزيع"
    )
    world.head_sby.refresh_from_db()
    assert world.head_sby.case_worker == colleague
    assert RecordChange.objects.filter(member=world.head_sby, changes__case_worker__isnull=False).exists()
    assert AuditEvent.objects.filter(action="caseload.reassign", member_id=world.head_sby.pk).exists()
    with pytest.raises(PermissionDenied):
        services.caseload_reassign(actor=world.worker_sby, member=world.head_sby, to_worker=world.worker_sby)
    with pytest.raises(services.CaseError):
        services.caseload_reassign(
            actor=world.supervisor_sby, member=world.head_sby, to_worker=world.worker_frs
        )
    rows, unassigned = selectors.team_caseloads(world.sby.pk)
    assert {r["worker"].username: r["members"] for r in rows} == {"worker_sby": 1, "worker2_sby": 1}
    assert unassigned == 1  # the son has no case worker yet


def test_graduation_follows_the_transition_period_and_needs_the_supervisor(world):
    household = world.household_sby
    transition = services.household_enter_transition(
        actor=None, household=household, outcome_date=date(2025, 3, 31)
    )
    assert transition.ends_on == date(2026, 3, 31) and transition.months == 12
    household.refresh_from_db()
    assert household.status == Household.Status.IN_TRANSITION
    # A second verified outcome does not restart the period.
    again = services.household_enter_transition(
        actor=world.worker_sby, household=household, outcome_date=date(2025, 6, 1)
    )
    assert again == transition
    with pytest.raises(services.CaseError):
        services.household_graduate(actor=world.supervisor_sby, household=household, today=date(2026, 3, 30))
    with pytest.raises(PermissionDenied):
        services.household_graduate(actor=world.worker_sby, household=household, today=date(2026, 4, 1))
    case_exit = services.household_graduate(
        actor=world.supervisor_sby, household=household, today=date(2026, 4, 1)
    )
    household.refresh_from_db()
    assert household.status == Household.Status.GRADUATED and case_exit.kind == CaseExit.Kind.GRADUATED
    assert AuditEvent.objects.filter(action="household.graduate", object_id=str(household.pk)).exists()


def test_the_transition_length_comes_from_the_rule_in_force_on_the_outcome_date(world):
    # Written as a row, not through the service: the service never dates a rule in the past, and this story
    # is about an outcome dated after a rule that took effect long ago.
    DatedRule.objects.create(
        name=TRANSITION_RULE, valid_from=date(2026, 1, 1), values={"months": 6}, reason="قرار تجريبي"
    )
    assert transition_period_on(date(2025, 12, 31)).months == 12
    assert transition_period_on(date(2026, 1, 1)).months == 6
    transition = services.household_enter_transition(
        actor=None, household=world.household_frs, outcome_date=date(2026, 8, 31)
    )
    assert transition.ends_on == date(2027, 2, 28)


def test_a_sanction_exit_carries_its_legal_ground_and_is_kept_apart_from_graduation(world):
    household = world.household_frs
    with pytest.raises(services.CaseError):
        services.household_exit_sanction(
            actor=world.supervisor_frs, household=household, ground="refused_offers", legal_reference=" "
        )
    with pytest.raises(PermissionDenied):
        services.household_exit_sanction(
            actor=world.supervisor_sby, household=household, ground="refused_offers", legal_reference="م 12"
        )
    case_exit = services.household_exit_sanction(
        actor=world.supervisor_frs,
        household=household,
        ground="refused_offers",
        legal_reference="المادة 12 من اللائحة",
    )
    household.refresh_from_db()
    assert household.status == Household.Status.EXITED and case_exit.kind == CaseExit.Kind.SANCTION
    assert not CaseExit.objects.filter(kind=CaseExit.Kind.GRADUATED).exists()
    with pytest.raises(services.CaseError):
        services.household_enter_transition(actor=None, household=household, outcome_date=TODAY)


def test_re_entry_after_losing_a_job_restores_the_case_with_its_history(world):
    plan = draft_plan(world)
    household = world.household_sby
    services.household_enter_transition(actor=None, household=household, outcome_date=date(2024, 1, 1))
    services.household_graduate(actor=world.supervisor_sby, household=household, today=date(2025, 1, 2))
    with pytest.raises(services.CaseError):
        services.household_reenter(actor=world.worker_sby, household=household, reason="")
    with pytest.raises(PermissionDenied):
        services.household_reenter(actor=world.worker_frs, household=household, reason="فقد العمل")
    services.household_reenter(actor=world.worker_sby, household=household, reason="فقد العمل")
    household.refresh_from_db()
    assert household.status == Household.Status.ACTIVE
    graduation = CaseExit.objects.get(household=household)
    assert graduation.reentered_by == world.worker_sby and graduation.reentry_reason == "فقد العمل"
    assert EmpowermentPlan.objects.get(pk=plan.pk).is_current
    with pytest.raises(services.CaseError):
        services.household_reenter(actor=world.worker_sby, household=household, reason="مرة أخرى")
    assert RecordChange.objects.filter(household=household, source="cases").count() == 3


def test_access_doors_for_plans_actions_and_households(world):
    plan = draft_plan(world)
    action = plan.actions.get()
    assert access.access_plan(world.manager, plan.pk) == plan
    with pytest.raises(PermissionDenied):
        access.access_plan_for_work(world.manager, plan.pk)
    with pytest.raises(Http404):
        access.access_plan(world.worker_frs, plan.pk)
    with pytest.raises(Http404):
        access.access_plan(world.worker_sby, 999999)
    assert access.access_action_for_work(world.supervisor_sby, action.pk) == action
    with pytest.raises(PermissionDenied):
        access.access_action_for_work(world.manager, action.pk)
    with pytest.raises(Http404):
        access.access_action_for_work(world.worker_frs, action.pk)
    assert access.access_household(world.manager, world.household_frs.pk) == world.household_frs
    with pytest.raises(Http404):
        access.access_household(world.worker_sby, world.household_frs.pk)
    with pytest.raises(Http404):
        access.access_household(world.partner_bank, world.household_sby.pk)
    with pytest.raises(PermissionDenied):
        access.access_member_for_work(world.manager, world.head_sby.pk)


def test_nav_offers_the_caseload_to_workers_and_approvals_to_supervisors(world):
    from tamkeen.cases.nav import nav_items

    assert [i.url_name for i in nav_items(world.worker_sby)] == ["cases:caseload"]
    assert [i.url_name for i in nav_items(world.supervisor_sby)] == ["cases:team", "cases:approvals"]
    assert nav_items(world.partner_employer) == []


def test_the_caseload_page_lists_overdue_actions(world, client_for):
    draft_plan(world, due=timezone.localdate() - timedelta(days=2))
    services.actions_mark_overdue()
    html = client_for(world.worker_sby).get("/cases/caseload/").content.decode()
    assert "إعداد السيرة الذاتية" in html and "badge-danger" in html


def test_a_plan_action_is_linked_to_the_referral_that_carries_it_out(world):
    from tamkeen.opportunities.tests.factories import make_opportunity
    from tamkeen.referrals.services import referral_propose

    plan = draft_plan(world)
    action = plan.actions.get()
    opportunity = make_opportunity(world.trainer)
    referral = referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=opportunity)
    services.plan_action_link_referral(actor=world.worker_sby, action=action, referral=referral)
    action.refresh_from_db()
    assert action.referral == referral
    assert AuditEvent.objects.filter(action="plan.action_link_referral", member_id=world.head_sby.pk).exists()
    other = referral_propose(actor=world.worker_sby, member=world.wife_sby, opportunity=opportunity)
    with pytest.raises(services.CaseError):
        services.plan_action_link_referral(actor=world.worker_sby, action=action, referral=other)
    with pytest.raises(PermissionDenied):
        services.plan_action_link_referral(actor=world.worker_frs, action=action, referral=referral)
