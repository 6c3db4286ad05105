from tamkeen.referrals.tests.fixtures import referral_world
from tests.access import EVERYONE, PARTNERS, AccessCase, staff


def access_cases(world):
    objects = referral_world(world)
    course, draft = objects["course"], objects["draft"]
    return [
        AccessCase("opportunities:catalogue", allow=staff(*EVERYONE)),
        AccessCase(
            "opportunities:catalogue",
            query=f"member={world.head_sby.pk}&eligible=1",
            allow={**staff(*EVERYONE), "worker_frs": 404, "supervisor_frs": 404},
        ),
        AccessCase("opportunities:mine", allow=staff(*PARTNERS)),
        AccessCase("opportunities:create", allow=staff(*PARTNERS)),
        AccessCase("opportunities:detail", {"code": course.code}, allow=staff(*EVERYONE)),
        AccessCase(
            "opportunities:detail",
            {"code": course.code},
            query=f"member={world.head_sby.pk}",
            allow={**staff(*EVERYONE), "worker_frs": 404, "supervisor_frs": 404},
        ),
        AccessCase(
            "opportunities:detail",
            {"code": draft.code},
            allow={"partner_trainer": 200, "admin": 200},
            others=404,
        ),
        AccessCase(
            "opportunities:edit",
            {"code": draft.code},
            allow={"partner_trainer": 200, "partner_employer": 404, "partner_bank": 404},
        ),
    ]
