from datetime import timedelta

from django.utils import timezone

from tamkeen.partners.services import agreement_add
from tests.access import OFFICE_STAFF, PARTNERS, AccessCase, staff

DIRECTORY = (*OFFICE_STAFF, "manager", "admin", "organiser")
# The manager manages his region's entities (all of the world's); the administrator every entity.
# The national manager reads every entity (the directory, as the manager does) and manages none: 404 on an
# entity's pages, 403 on creating one.
MANAGERS = {**staff("manager", "admin"), "manager_national": 404}


def access_cases(world):
    if "agreement" not in world.extra:
        today = timezone.localdate()
        world.extra["agreement"] = agreement_add(
            actor=world.admin,
            entity=world.trainer,
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=300),
        )
    code = {"code": world.trainer.code}
    return [
        AccessCase("partners:list", allow=staff(*DIRECTORY, *PARTNERS)),
        AccessCase(
            "partners:detail",
            code,
            allow={**staff(*DIRECTORY, "partner_trainer"), "partner_employer": 404, "partner_bank": 404},
        ),
        AccessCase("partners:create", allow={**MANAGERS, "manager_national": 403}),
        AccessCase("partners:edit", code, allow=MANAGERS),
        AccessCase("partners:agreement_add", code, allow=MANAGERS),
        AccessCase(
            "partners:agreement_end",
            {**code, "pk": world.extra["agreement"].pk},
            method="post",
            allow={**staff("manager", "admin", status=302), "manager_national": 404},
        ),
        AccessCase("partners:suspend", code, allow=MANAGERS),
        AccessCase(
            "partners:reinstate",
            code,
            method="post",
            allow={**MANAGERS, **staff("manager", "admin", status=302)},
        ),
        AccessCase("partners:invite", code, allow=MANAGERS),
        # The invitee's link is open to whoever holds it; a token that names no invitation is 404 for all.
        AccessCase("partners:invitation", {"token": "no-such-token"}, others=404, anonymous=404),
    ]
