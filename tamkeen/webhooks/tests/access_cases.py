from django.db import transaction

from tamkeen.webhooks.models import Delivery
from tamkeen.webhooks.services import emit, endpoint_create
from tests.access import PARTNERS, AccessCase, staff

ONLY_HIND = {"partner_employer": 404, "partner_bank": 404}


def access_cases(world):
    if "webhooks" not in world.extra:
        kept, _ = endpoint_create(
            actor=world.partner_trainer,
            entity=world.trainer,
            url="http://127.0.0.1:9/a",
            events=["referral.sent"],
        )
        doomed, _ = endpoint_create(
            actor=world.partner_trainer,
            entity=world.trainer,
            url="http://127.0.0.1:9/b",
            events=["referral.sent"],
        )
        with transaction.atomic():
            emit("referral.sent", world.trainer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
        world.extra["webhooks"] = (kept, doomed, Delivery.objects.get(endpoint=kept))
    kept, doomed, delivery = world.extra["webhooks"]
    return [
        AccessCase("webhooks:list", allow=staff(*PARTNERS)),
        AccessCase(
            "webhooks:detail", {"public_id": kept.public_id}, allow={"partner_trainer": 200, **ONLY_HIND}
        ),
        AccessCase(
            "webhooks:delete",
            {"public_id": doomed.public_id},
            method="post",
            allow={"partner_trainer": 302, **ONLY_HIND},
        ),
        AccessCase(
            "webhooks:replay",
            {"public_id": delivery.public_id},
            method="post",
            allow={"partner_trainer": 302, **ONLY_HIND},
        ),
    ]
