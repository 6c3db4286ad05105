import json
from datetime import date
from pathlib import Path

from tamkeen.geography.models import Governorate, Region
from tamkeen.partners.models import Entity

DATA = Path(__file__).parent / "data" / "demo_entities.json"

# Which demo entity each partner persona works for (contracts/demo.md).
PERSONA_ENTITIES = {"partner.employer": "EMP-DEMO", "partner.trainer": "TRN-DEMO", "partner.bank": "FIN-SDB"}

CONTACT_NAMES = [
    "أحمد محمد الشهري",
    "عبدالله علي المالكي",
    "نورة حسن القحطاني",
    "سلمان يحيى النعمي",
    "هند إبراهيم العتيبي",
    "ماجد عبدالرحمن الحربي",
    "فاطمة موسى عقيلي",
    "خالد سعيد الزهراني",
]


def seed(ctx) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    rng = ctx.rng_for("partners")
    # Contacts draw from their own stream, so the entities' other choices stay as they were.
    contacts = ctx.rng_for("partners.contacts")
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
                "contact_name": contacts.choice(CONTACT_NAMES),
                "contact_phone": f"+9665{contacts.randrange(0, 10)}{contacts.randrange(1_000_000, 9_999_999)}",
                "contact_email": f"{row['code'].lower()}@partners.example.sa",
            },
        )
        served = (
            governorates
            if row["kind"] != "private_employer"
            else rng.sample(governorates, k=rng.randint(2, 6))
        )
        entity.governorates.set(served)
    ctx.counts["entities"] = Entity.objects.count()
