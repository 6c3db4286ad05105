from tamkeen.referrals.tests.fixtures import referral_world
from tests.access import BENEFICIARIES, OFFICE_SBY, PARTNERS, AccessCase, staff

OFFICE_ACTORS_404 = staff("worker_frs", "supervisor_frs", status=404)


def access_cases(world):
    objects = referral_world(world)
    sent = {"public_id": objects["sent"].public_id}
    proposed = {"public_id": objects["proposed"].public_id}
    return [
        AccessCase(
            "referrals:list",
            allow=staff(*OFFICE_SBY, "worker_frs", "supervisor_frs", "manager", *BENEFICIARIES),
        ),
        AccessCase("referrals:inbox", allow=staff(*PARTNERS)),
        AccessCase("referrals:inbox", query="box=overdue", allow=staff(*PARTNERS)),
        AccessCase("referrals:bulk", method="post", allow=staff(*PARTNERS, status=302)),
        AccessCase("referrals:upload", allow=staff(*PARTNERS)),
        AccessCase(
            "referrals:upload_status",
            {"pk": objects["job"].pk},
            allow={"partner_trainer": 200, "partner_employer": 404, "partner_bank": 404},
        ),
        AccessCase(
            "referrals:new",
            {"member_pk": world.head_sby.pk},
            allow={**staff(*OFFICE_SBY), **OFFICE_ACTORS_404},
        ),
        AccessCase(
            "referrals:detail",
            sent,
            allow={
                **staff(*OFFICE_SBY, "manager", "partner_trainer", "beneficiary_sby"),
                **OFFICE_ACTORS_404,
                "beneficiary_wife": 404,  # her husband's referral: consent is per person
                "partner_employer": 404,
                "partner_bank": 404,
            },
        ),
        AccessCase(
            "referrals:detail",
            proposed,
            allow={
                **staff(*OFFICE_SBY, "manager", "beneficiary_wife"),
                **OFFICE_ACTORS_404,
                **staff(*PARTNERS, status=404),
                "beneficiary_sby": 404,
            },
        ),
        AccessCase(
            "referrals:notice_read",
            {"pk": objects["notice"].pk},
            method="post",
            allow={**staff(*OFFICE_SBY, status=302), **OFFICE_ACTORS_404},
        ),
        AccessCase(
            "referrals:act",
            sent,
            method="post",
            allow={
                **staff(*OFFICE_SBY, "partner_trainer", status=302),
                **OFFICE_ACTORS_404,
                "partner_employer": 404,
                "partner_bank": 404,
            },
        ),
    ]
