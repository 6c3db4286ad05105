from tamkeen.assessments import services
from tamkeen.core.testing import OFFICE_SBY, AccessCase, staff

from .helpers import complete_assessment


def access_cases(world):
    completed = complete_assessment(world.worker_sby, world.head_sby)
    open_one = services.assessment_start(actor=world.worker_sby, member=world.son_sby)
    readers = staff(*OFFICE_SBY, "manager")
    entry = {**staff(*OFFICE_SBY), "manager": 403}
    return [
        AccessCase("assessments:member", {"member_pk": world.head_sby.pk}, allow=readers, others=404),
        AccessCase(
            "assessments:start",
            {"member_pk": world.wife_sby.pk},
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
