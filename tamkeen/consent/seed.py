"""Demo consents: members of working age who agreed to share data with an entity, some later withdrawn."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.consent.models import Consent
from tamkeen.partners.models import Entity
from tamkeen.registry.models import Member

FIRST_DAY = date(2017, 10, 1)
DEMO_ENTITIES = ("TRN-DEMO", "EMP-DEMO", "FIN-SDB")
SHARE_RATE = 0.45  # of working-age members able or rehabilitable


def _at(day: date, rng) -> datetime:
    return datetime(day.year, day.month, day.day, 9 + rng.randrange(0, 6), rng.randrange(60), tzinfo=UTC)


def seed(ctx) -> None:
    rng = ctx.rng_for("consent")
    today = timezone.localdate()
    entities = list(Entity.objects.filter(opportunities__isnull=False).distinct().order_by("code"))
    if not entities:
        return
    demo_entities = [e for e in entities if e.code in DEMO_ENTITIES]
    # The office's first case worker records the paper forms (later rows overwrite earlier: order descending).
    recorders = dict(
        User.objects.filter(role=Role.CASE_WORKER).order_by("-id").values_list("office_id", "id")
    )
    youngest = date(today.year - 18, today.month, 1)
    oldest = date(today.year - 60, today.month, 1)
    members = (
        Member.objects.filter(
            work_capacity__in=["able", "rehabilitable"],
            birth_date__range=(oldest, youngest),
            **ctx.history_filter(),
        )
        .order_by("id")
        .values_list("id", "household__office_id", "household__office__code")
    )
    span = (today - FIRST_DAY).days
    consents: list[Consent] = []
    demo_given = 0
    for member_id, office_id, office_code in members.iterator(chunk_size=2000):
        if rng.random() > SHARE_RATE:
            continue
        # The demo partners' inboxes get Sabya's members first, recently.
        if office_code == "SBY" and demo_given < 90 and demo_entities:
            entity = demo_entities[demo_given % len(demo_entities)]
            given = today - timedelta(days=rng.randrange(5, 120))
            demo_given += 1
        else:
            entity = rng.choice(entities)
            given = FIRST_DAY + timedelta(days=rng.randrange(span))
        categories = ["identity", "contact", "labour"]
        if entity.kind == "financing_body":
            categories += ["household", "socio_economic"]
        if rng.random() < 0.08:
            categories.append("disability")
        consents.append(
            Consent(
                member_id=member_id,
                entity=entity,
                purpose="referral",
                categories=[c for c in Consent.Category.values if c in categories],
                given_via="paper",
                scanned_form="",
                given_at=_at(given, rng),
                recorded_by_id=recorders.get(office_id),
            )
        )
    Consent.objects.bulk_create(consents, batch_size=1000)
    # A few members later withdrew: a new record superseding the first (never an edit).
    created = list(Consent.objects.filter(supersedes__isnull=True, withdrawn_at__isnull=True).order_by("id"))
    withdrawals = []
    for consent in created:
        if rng.random() < 0.06:
            when = consent.given_at + timedelta(days=rng.randrange(60, 400))
            if when.date() >= today:
                continue
            withdrawals.append(
                Consent(
                    member_id=consent.member_id,
                    entity_id=consent.entity_id,
                    purpose=consent.purpose,
                    categories=consent.categories,
                    given_via="member",
                    given_at=when,
                    withdrawn_at=when,
                    supersedes=consent,
                )
            )
    Consent.objects.bulk_create(withdrawals, batch_size=1000)
    ctx.counts["consents"] = Consent.objects.count()
