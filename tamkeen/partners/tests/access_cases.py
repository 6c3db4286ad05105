from tamkeen.core.testing import OFFICE_STAFF, PARTNERS, AccessCase, staff

DIRECTORY = (*OFFICE_STAFF, "manager", "admin", "organiser")


def access_cases(world):
    return [
        AccessCase("partners:list", allow=staff(*DIRECTORY, *PARTNERS)),
        AccessCase(
            "partners:detail",
            {"code": world.trainer.code},
            allow={**staff(*DIRECTORY, "partner_trainer"), "partner_employer": 404, "partner_bank": 404},
        ),
    ]
