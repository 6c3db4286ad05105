import json
from datetime import date
from pathlib import Path

from tamkeen.geography.models import Governorate, Region
from tamkeen.partners.models import Entity

DATA = Path(__file__).parent / "data" / "demo_entities.json"

# Which demo entity each partner persona works for (contracts/demo.md).
PERSONA_ENTITIES = {"partner.employer": "EMP-DEMO", "partner.trainer": "TRN-DEMO", "partner.bank": "FIN-SDB"}


def seed(ctx) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    rng = ctx.rng_for("partners")
    region = Region.objects.get(code=data["region"])
    governorates = list(Governorate.objects.filter(region=region))
    for row in data["entities"]:
        entity, _ = Entity.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "sectors": row["sectors"],
                "region": region,
                "agreement_start": date(2018 + rng.randrange(0, 5), rng.randrange(1, 13), 1),
                "agreement_end": date(2027 + rng.randrange(0, 3), 12, 31),
                "response_days": rng.choice([7, 10, 14, 21]),
            },
        )
        served = (
            governorates
            if row["kind"] != "private_employer"
            else rng.sample(governorates, k=rng.randint(2, 6))
        )
        entity.governorates.set(served)
    ctx.counts["entities"] = Entity.objects.count()
