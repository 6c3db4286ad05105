from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.privacy.services import member_data_export_request
from tests.access import BENEFICIARIES, EVERYONE, OFFICE_SBY, AccessCase, staff

MEMBER_ONLY = staff(*BENEFICIARIES)


def access_cases(world):
    opportunity = make_opportunity(world.trainer)
    # A copy of a Farasan member's data: no beneficiary persona reaches it.
    export = member_data_export_request(actor=world.worker_frs, member=world.head_frs)
    public = staff(*EVERYONE)
    return [
        AccessCase("portal:login", allow={**public, **staff(*BENEFICIARIES, status=302)}, anonymous=200),
        AccessCase("portal:logout", method="post", allow=staff(*EVERYONE, status=302)),
        AccessCase("portal:oidc_start", {"name": "sso"}, others=404, anonymous=404),
        AccessCase("portal:oidc_callback", {"name": "sso"}, others=404, anonymous=404),
        AccessCase("portal:home", allow=MEMBER_ONLY),
        AccessCase("portal:opportunities", allow=MEMBER_ONLY),
        AccessCase(
            "portal:interest",
            {"code": opportunity.code},
            method="post",
            allow=staff(*BENEFICIARIES, status=302),
        ),
        AccessCase(
            "portal:interest", {"code": "NO-SUCH"}, method="post", allow=staff(*BENEFICIARIES, status=404)
        ),
        AccessCase("portal:referrals", allow=MEMBER_ONLY),
        AccessCase("portal:consents", allow=MEMBER_ONLY),
        AccessCase("portal:consent_give", method="post", data={}, allow=staff(*BENEFICIARIES, status=400)),
        AccessCase(
            "portal:consent_withdraw", method="post", data={}, allow=staff(*BENEFICIARIES, status=400)
        ),
        AccessCase("portal:my_data", allow=MEMBER_ONLY),
        AccessCase("portal:my_data_export", method="post", allow=staff(*BENEFICIARIES, status=302)),
        AccessCase(
            "portal:my_data_download",
            {"public_id": export.public_id},
            allow=staff(*BENEFICIARIES, status=404),
        ),
        AccessCase(
            "portal:my_data_correction", method="post", data={}, allow=staff(*BENEFICIARIES, status=400)
        ),
        AccessCase("portal:mobile", allow=MEMBER_ONLY),
        AccessCase("portal:preferences", allow=MEMBER_ONLY),
        AccessCase("portal:messages", allow=MEMBER_ONLY),
        AccessCase(
            "portal:invite",
            {"member_pk": world.head_sby.pk},
            allow={**staff(*OFFICE_SBY), **staff("worker_frs", "supervisor_frs", status=404)},
        ),
        AccessCase(
            "portal:mobile_wrong",
            {"member_pk": world.head_sby.pk},
            allow={**staff(*OFFICE_SBY), **staff("worker_frs", "supervisor_frs", status=404)},
        ),
        AccessCase("portal:service_worker", allow=public, anonymous=200),
        AccessCase("portal:manifest", allow=public, anonymous=200),
        AccessCase("portal:offline", allow=public, anonymous=200),
    ]
