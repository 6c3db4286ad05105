"""The API-client pages of partner staff. (The bearer-token API itself, /api/v1, is covered by this app's
contract tests, not by the session-based matrix.)"""

from tamkeen.api.services import api_client_create
from tests.access import PARTNERS, AccessCase, staff

ONLY_HIND = {"partner_employer": 404, "partner_bank": 404}


def access_cases(world):
    if "api_clients" not in world.extra:
        world.extra["api_clients"] = (
            api_client_create(actor=None, entity=world.trainer, name="LMS")[0],
            api_client_create(actor=None, entity=world.trainer, name="Old LMS")[0],
        )
    kept, revoked = world.extra["api_clients"]
    return [
        AccessCase("api_clients:list", allow=staff(*PARTNERS)),
        AccessCase(
            "api_clients:rotate",
            {"client_id": kept.client_id},
            method="post",
            allow={"partner_trainer": 200, **ONLY_HIND},
        ),
        AccessCase(
            "api_clients:revoke",
            {"client_id": revoked.client_id},
            method="post",
            allow={"partner_trainer": 302, **ONLY_HIND},
        ),
    ]
