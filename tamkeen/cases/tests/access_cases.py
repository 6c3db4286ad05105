from datetime import date, timedelta

from tamkeen.cases import services
from tamkeen.cases.models import CaseNote
from tests.access import OFFICE_SBY, AccessCase, staff
from tests.personas import make_household, make_member

# Office roles of another office pass the role check and then meet the same 404 as a missing object.
OTHER_OFFICE = staff("worker_frs", "supervisor_frs", status=404)


def access_cases(world):
    # Members of their own, so other apps' rows (which may plan for the world's members) never collide with these.
    # Both are in Nora's caseload, so her rows hold under either case-worker scope.
    nora = {"case_worker": world.worker_sby}
    planned = make_member(world.household_sby, "son", "سالم", "الحازمي", birth_date=date(1999, 1, 1), **nora)
    unplanned = make_member(
        world.household_sby, "daughter", "ريم", "الحازمي", birth_date=date(2000, 1, 1), **nora
    )
    draft = services.plan_create(actor=world.worker_sby, member=planned, track="employment", goals="وظيفة")
    action = services.plan_action_add(
        actor=world.worker_sby,
        plan=draft,
        description="سيرة ذاتية",
        owner="member",
        due_date=date.today() + timedelta(days=10),
    )
    # Written at Farasan before the family moved to Sabya: Sabya's supervisor opens it only with a reason.
    farasan_note = CaseNote.objects.create(
        member=world.wife_sby,
        author=world.worker_frs,
        author_office=world.frs,
        text="سرّي",
        is_confidential=True,
    )
    # A household of its own for the assignment: assigning the world's household would put other apps' members
    # into Nora's caseload and change what she sees for the rest of the matrix.
    waiting = make_household("400777", world.sby, "SAB")
    make_member(waiting, "head", "سعيد", "العبدلي", birth_date=date(1990, 5, 5))
    sby_readers = staff(*OFFICE_SBY, "manager")
    sby_write = {**staff(*OFFICE_SBY, status=302), **OTHER_OFFICE}
    sby_supervisor = {"supervisor_sby": 302, "supervisor_frs": 404}
    plan = {"pk": draft.pk}
    # A household of its own waiting for a case worker: assigning the world's household would put every one of
    # its members in Nora's caseload and change what she may open under the caseload scope.
    waiting = make_household("400199", world.sby, "SAB")
    make_member(waiting, "head", "ماجد", "العريشي", birth_date=date(1985, 1, 1))
    household = {"pk": world.household_sby.pk}
    return [
        AccessCase(
            "cases:caseload",
            allow={
                **staff("worker_sby", "worker_frs"),
                **staff("supervisor_sby", "supervisor_frs", status=302),
            },
        ),
        AccessCase(
            "cases:caseload",
            query=f"worker={world.worker_sby.pk}",
            allow={**staff("worker_sby", "worker_frs", "supervisor_sby"), "supervisor_frs": 302},
        ),
        AccessCase("cases:team", allow=staff("supervisor_sby", "supervisor_frs")),
        AccessCase("cases:approvals", allow=staff("supervisor_sby", "supervisor_frs")),
        AccessCase("cases:member", {"member_pk": world.head_sby.pk}, allow={**sby_readers, **OTHER_OFFICE}),
        AccessCase(
            "cases:plan_new",
            {"member_pk": unplanned.pk},
            method="post",
            data={"track": "training"},
            allow=sby_write,
        ),
        AccessCase(
            "cases:note_add",
            {"member_pk": world.head_sby.pk},
            method="post",
            data={"text": "ملاحظة"},
            allow=sby_write,
        ),
        AccessCase(
            "cases:reassign",
            {"member_pk": world.head_sby.pk},
            method="post",
            data={"to_worker": world.worker_sby.pk},
            allow=sby_supervisor,
        ),
        AccessCase(
            "cases:household_assign",
            {"pk": waiting.pk},
            method="post",
            data={"to_worker": world.worker_sby.pk},
            allow=sby_supervisor,
        ),
        AccessCase("cases:plan", plan, allow={**sby_readers, **OTHER_OFFICE}),
        AccessCase(
            "cases:plan_edit",
            plan,
            method="post",
            data={"track": "employment", "goals": "وظيفة"},
            allow=sby_write,
        ),
        AccessCase(
            "cases:action_add",
            plan,
            method="post",
            data={"description": "مقابلة", "owner": "member", "due_date": "2030-01-01"},
            allow=sby_write,
        ),
        AccessCase("cases:plan_submit", plan, method="post", allow=sby_write),
        AccessCase("cases:plan_approve", plan, method="post", allow=sby_supervisor),
        AccessCase(
            "cases:plan_return", plan, method="post", data={"reason": "أضف موعدًا"}, allow=sby_supervisor
        ),
        AccessCase("cases:plan_revise", plan, method="post", allow=sby_write),
        AccessCase("cases:action_done", {"pk": action.pk}, method="post", allow=sby_write),
        AccessCase("cases:household", household, allow={**sby_readers, **OTHER_OFFICE}),
        AccessCase("cases:household_graduate", household, method="post", allow=sby_supervisor),
        AccessCase(
            "cases:household_sanction",
            household,
            method="post",
            data={"ground": "refused_offers", "legal_reference": "م 12"},
            allow=sby_supervisor,
        ),
        AccessCase(
            "cases:household_reenter", household, method="post", data={"reason": "فقد العمل"}, allow=sby_write
        ),
        AccessCase(
            "cases:note_break_glass",
            {"pk": farasan_note.pk},
            allow={"supervisor_sby": 200, "supervisor_frs": 404},
        ),
        AccessCase(
            "cases:note_break_glass",
            {"pk": farasan_note.pk},
            method="post",
            data={"reason": "متابعة شكوى الأسرة المحالة إلينا"},
            allow={"supervisor_sby": 200, "supervisor_frs": 404},
        ),
    ]
