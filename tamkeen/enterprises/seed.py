"""Demo productive families: about one household in twelve runs a home business with products, sales,
a certificate and sometimes financing. Bulk inserts keep it fast at thousands of households."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tamkeen.enterprises.models import ApprovedActivity, Certificate, Enterprise, Financing, Product, Sale
from tamkeen.enterprises.outcomes_link import record_economic_outcome
from tamkeen.enterprises.rules import certificate_expiry
from tamkeen.enterprises.services import activities_load
from tamkeen.outcomes.models import EvidenceKind
from tamkeen.outcomes.services import outcome_verify
from tamkeen.partners.models import Entity
from tamkeen.registry.models import Household, Member

SHARE = 0.08

PRODUCTS = {
    "sweets": [("معمول بالتمر", 45), ("كعك العيد", 60), ("بسبوسة", 35)],
    "incense": [("بخور جازاني", 80), ("دهن عود", 150), ("معمول بخور", 40)],
    "sewing": [("ثوب مطرز", 250), ("جلابية", 180), ("شيلة مطرزة", 90)],
    "palm_crafts": [("سلة خوص", 70), ("مروحة سعف", 25), ("حصير", 120)],
    "honey": [("عسل سدر", 300), ("عسل سمر", 200), ("عسل مجرى", 220)],
    "jazan_coffee": [("بن خولاني", 120), ("قهوة محمصة", 60), ("قشر", 40)],
    "handicrafts": [("مبخرة فخار", 55), ("مشغولات خرز", 35), ("إطار خشبي", 65)],
    "folk_food": [("مرسة", 30), ("خمير", 20), ("حنيذ", 150)],
    "beauty": [("حناء", 25), ("كحل", 30), ("صابون طبيعي", 20)],
    "pottery": [("جرة", 90), ("مغش", 75)],
    "spices": [("بهارات كبسة", 25), ("هيل", 60)],
    "accessories": [("عقد خرز", 45), ("أساور", 30)],
}
TRADE_NAMES = ["مطبخ", "ركن", "بيت", "لمسات", "إبداع", "خيرات"]


def seed(ctx) -> None:
    rng = ctx.rng_for("enterprises")
    ctx.count("approved_activities", activities_load())
    activities = {a.code: a for a in ApprovedActivity.objects.all()}
    codes = sorted(activities)
    banks = list(Entity.objects.filter(kind=Entity.Kind.FINANCING_BODY).order_by("code"))
    today = timezone.localdate()

    household_ids = list(
        Household.objects.filter(**ctx.history_filter("pk")).order_by("id").values_list("id", flat=True)
    )
    chosen = sorted(rng.sample(household_ids, k=int(len(household_ids) * SHARE))) if household_ids else []
    owners: dict[int, Member] = {}
    for member in Member.objects.filter(household_id__in=chosen).order_by("household_id", "id"):
        current = owners.get(member.household_id)
        # A woman of the household runs it when there is one (as most productive families in the programme).
        if current is None or (member.gender == "F" and current.gender != "F"):
            owners[member.household_id] = member

    enterprises = []
    for household_id in chosen:
        owner = owners.get(household_id)
        if owner is None:
            continue
        code = rng.choice(codes)
        started = today - timedelta(days=rng.randint(120, 2200))
        has_freelance_document = rng.random() < 0.3
        enterprises.append(
            Enterprise(
                household_id=household_id,
                owner=owner,
                activity=activities[code],
                name=f"{rng.choice(TRADE_NAMES)} {owner.first_name}",
                started_on=started,
                freelance_document=f"FL-{rng.randrange(10**7, 10**8)}" if has_freelance_document else "",
                freelance_document_date=started + timedelta(days=30) if has_freelance_document else None,
            )
        )
    Enterprise.objects.bulk_create(enterprises, batch_size=1000)
    enterprises = list(Enterprise.objects.filter(household_id__in=chosen).select_related("activity", "owner"))

    products, sales, certificates, financings = [], [], [], []
    for enterprise in enterprises:
        for name, price in PRODUCTS.get(enterprise.activity.code, [("منتج", 50)]):
            products.append(Product(enterprise=enterprise, name=name, price=Decimal(price)))
        base = rng.randint(300, 4000)
        day = max(enterprise.started_on, today - timedelta(days=365))
        while day < today:
            channel = rng.choices(Sale.Channel.values, weights=[1, 3, 2, 4])[0]
            sales.append(
                Sale(
                    enterprise=enterprise,
                    sold_on=day,
                    channel=channel,
                    amount=Decimal(rng.randint(base // 8, base // 2)),
                )
            )
            day += timedelta(days=rng.randint(4, 15))
        if rng.random() < 0.6:
            issued = enterprise.started_on + timedelta(days=rng.randint(20, 200))
            if issued <= today:
                certificates.append(
                    Certificate(
                        enterprise=enterprise,
                        number=f"PF-{enterprise.pk:06d}",
                        issued_on=issued,
                        expires_on=certificate_expiry(issued),
                    )
                )
        if banks and rng.random() < 0.25:
            decided = enterprise.started_on + timedelta(days=rng.randint(30, 400))
            if decided <= today:
                financings.append(
                    Financing(
                        enterprise=enterprise,
                        body=rng.choice(banks),
                        amount=Decimal(rng.randrange(5000, 50001, 500)),
                        decided_on=decided,
                        repayment_status=rng.choice(
                            [Financing.Repayment.ON_TRACK] * 4
                            + [Financing.Repayment.LATE, Financing.Repayment.REPAID]
                        ),
                    )
                )
    Product.objects.bulk_create(products, batch_size=2000)
    Sale.objects.bulk_create(sales, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    Financing.objects.bulk_create(financings, batch_size=2000)

    # The records' economic outcomes, most verified by the document itself (so the demo's figures count them).
    facts = (
        [
            (
                c.enterprise.owner,
                "productive_family_certificate",
                c.issued_on,
                {"certificate_number": c.number, "valid_until": c.expires_on},
            )
            for c in certificates
        ]
        + [
            (f.enterprise.owner, "project_financed", f.decided_on, {"entity": f.body, "amount": f.amount})
            for f in financings
        ]
        + [
            (
                e.owner,
                "freelance_document",
                e.freelance_document_date,
                {"certificate_number": e.freelance_document},
            )
            for e in enterprises
            if e.freelance_document
        ]
    )
    for owner, kind, on, extra in facts:
        outcome = record_economic_outcome(actor=None, member=owner, kind=kind, on=on, **extra)
        if rng.random() < 0.85:
            outcome_verify(actor=None, outcome=outcome, evidence_kind=EvidenceKind.DOCUMENT, on=on)
    ctx.count("enterprise_outcomes", len(facts))

    ctx.count("enterprises", len(enterprises))
    ctx.count("enterprise_products", len(products))
    ctx.count("enterprise_sales", len(sales))
    ctx.count("certificates", len(certificates))
    ctx.count("financings", len(financings))
