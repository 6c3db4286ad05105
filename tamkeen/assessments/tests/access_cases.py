from datetime import date

from tamkeen.assessments import services
from tests.access import OFFICE_SBY, AccessCase, staff
from tests.personas import make_member

from .helpers import complete_assessment


def access_cases(world):
    # Members of their own, so other apps' rows never collide with these; Nora's caseload under either scope.
    nora = {"case_worker": world.worker_sby}
    assessed = make_member(
        world.household_sby, "son", "ماجد", "الحازمي", education="secondary", work_capacity="able", **nora
    )
    in_progress = make_member(
        world.household_sby, "daughter", "هدى", "الحازمي", birth_date=date(2001, 1, 1), **nora
    )
    completed = complete_assessment(world.worker_sby, assessed)
    open_one = services.assessment_start(actor=world.worker_sby, member=in_progress)
    readers = staff(*OFFICE_SBY, "manager")
    entry = {**staff(*OFFICE_SBY), "manager": 403}
    return [
        AccessCase("assessments:member", {"member_pk": assessed.pk}, allow=readers, others=404),
        AccessCase(
            "assessments:start",
            {"member_pk": assessed.pk},
            method="post",
            allow={**staff(*OFFICE_SBY, status=302), "manager": 403},
            others=404,
        ),
        AccessCase("assessments:detail", {"pk": completed.pk}, allow=readers, others=404),
        AccessCase("assessments:section", {"pk": open_one.pk, "step": 1}, allow=entry, others=404),
        AccessCase("assessments:capacity", {"pk": open_one.pk}, allow=entry, others=404),
        AccessCase(
            "assessments:decide_track",
            {"pk": completed.pk},
            method="post",
            data={"track": completed.recommended_track or "training", "reason": "x"},
            allow={**staff(*OFFICE_SBY, status=302), "manager": 403},
            others=404,
        ),
    ]
