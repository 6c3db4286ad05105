"""Demo referrals across every status, 1439–1448 AH, built from the demo consents (fast: bulk writes only)."""

from bisect import bisect_left
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from django.db.models import Count, F
from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.consent.models import Consent
from tamkeen.opportunities.models import Opportunity
from tamkeen.referrals.models import CLOSED_STATUSES, PUBLIC_ID_ALPHABET, Referral, ReferralEvent, Status
from tamkeen.referrals.sharing import shared_fields_of
from tamkeen.registry.models import Member

# The path each final status took, and how likely it is, per track, for opportunities already over.
PAST = {
    "training": [("completed", 50), ("dropped_out", 10), ("declined", 15), ("expired", 7), ("withdrawn", 8)],
    "employment": [("started", 45), ("completed", 5), ("declined", 25), ("dropped_out", 10), ("expired", 8)],
    "entrepreneurship": [
        ("started", 40),
        ("completed", 15),
        ("declined", 25),
        ("expired", 10),
        ("withdrawn", 5),
    ],
}
CURRENT = [
    ("proposed", 15),
    ("sent", 35),
    ("accepted", 25),
    ("enrolled", 10),
    ("started", 5),
    ("declined", 10),
]
PATHS = {
    "proposed": [],
    "sent": ["sent"],
    "accepted": ["sent", "accepted"],
    "declined": ["sent", "declined"],
    "expired": ["sent", "expired"],
    "withdrawn": ["sent", "accepted", "withdrawn"],
    "enrolled": ["sent", "accepted", "enrolled"],
    "started": ["sent", "accepted", "started"],
    "completed": ["sent", "accepted", "enrolled", "completed"],
    "dropped_out": ["sent", "accepted", "enrolled", "dropped_out"],
}
HOLDS_SEAT = {"sent", "accepted", "enrolled", "started", "completed", "dropped_out"}
DECLINE_REASONS = ["not_eligible", "failed_interview", "no_capacity", "unreachable"]
DROP_REASONS = ["no_show", "health", "family", "transport", "found_other", "wage"]


def _pick(rng, weighted):
    total = sum(w for _s, w in weighted)
    roll = rng.uniform(0, total)
    for status, weight in weighted:
        roll -= weight
        if roll <= 0:
            return status
    return weighted[-1][0]


def _public_id(rng, used: set[str]) -> str:
    while True:
        code = "R-" + "".join(rng.choice(PUBLIC_ID_ALPHABET) for _ in range(8))
        if code not in used:
            used.add(code)
            return code


def seed(ctx) -> None:
    rng = ctx.rng_for("referrals")
    now = timezone.now()
    today = timezone.localdate()
    opportunities = defaultdict(list)  # entity -> [(starts_on, opportunity)] sorted
    for opportunity in (
        Opportunity.objects.exclude(status=Opportunity.Status.DRAFT)
        .exclude(starts_on=None)
        .order_by("starts_on", "id")
    ):
        opportunities[opportunity.entity_id].append(opportunity)
    starts = {entity: [o.starts_on for o in items] for entity, items in opportunities.items()}
    seats = {o.pk: o.capacity for items in opportunities.values() for o in items}
    workers = dict(User.objects.filter(role=Role.CASE_WORKER).order_by("-id").values_list("office_id", "id"))
    partners = dict(User.objects.filter(role=Role.PARTNER).order_by("-id").values_list("entity_id", "id"))
    consents = list(Consent.objects.filter(supersedes__isnull=True).select_related("entity").order_by("id"))
    withdrawn = dict(
        Consent.objects.filter(withdrawn_at__isnull=False).values_list("supersedes_id", "withdrawn_at")
    )
    members = (
        Member.objects.select_related("household__governorate", "household__office")
        .annotate(household_size=Count("household__members"))
        .in_bulk([c.member_id for c in consents])
    )
    used_ids = set(Referral.objects.values_list("public_id", flat=True))
    referrals: list[Referral] = []
    paths: list[list[tuple[str, datetime, str]]] = []
    for consent in consents:
        entity = consent.entity
        items = opportunities.get(entity.pk)
        if not items:
            continue
        given = consent.given_at.date()
        index = bisect_left(starts[entity.pk], given + timedelta(days=3))
        window = items[index : index + 6]
        if not window:
            continue
        opportunity = rng.choice(window)
        sent_at = datetime.combine(
            max(given, opportunity.starts_on - timedelta(days=rng.randrange(3, 25))), time(10), UTC
        )
        if sent_at > now:
            sent_at = consent.given_at + timedelta(hours=2)
        is_over = opportunity.status == Opportunity.Status.CLOSED
        status = _pick(rng, PAST[opportunity.track] if is_over else CURRENT)
        if opportunity.track == "training" and status == Status.STARTED:
            status = Status.ENROLLED
        elif opportunity.track != "training" and status == Status.ENROLLED:
            status = Status.STARTED
        stop = withdrawn.get(consent.pk)
        if stop is not None and stop <= sent_at:
            continue  # consent withdrawn before anything was sent
        if status in HOLDS_SEAT:
            if seats[opportunity.pk] <= 0:
                status = Status.PROPOSED if not is_over else Status.DECLINED
            else:
                seats[opportunity.pk] -= 1
        member = members[consent.member_id]
        office = member.household.office
        steps = []
        moment = sent_at
        for step in PATHS[status]:
            if step != "sent":
                moment = min(moment + timedelta(days=rng.randrange(1, 30)), now)
            reason = ""
            if step == "declined":
                reason = rng.choice(DECLINE_REASONS)
            elif step == "dropped_out":
                reason = rng.choice(DROP_REASONS)
            elif step == "expired":
                reason = "no_answer"
            elif step == "withdrawn":
                reason = rng.choice(["found_other", "member_refused"])
            steps.append((step, moment, reason))
        is_sent = status != Status.PROPOSED
        due_by = (sent_at.date() + timedelta(days=entity.response_days)) if is_sent else None
        if status == Status.SENT and rng.random() < 0.7 and due_by is not None and due_by < today:
            # Keep most of the current inbox within its answer time; the rest is overdue, as in life.
            sent_at = now - timedelta(days=rng.randrange(0, entity.response_days))
            due_by = sent_at.date() + timedelta(days=entity.response_days)
            steps = [("sent", sent_at, "")]
        last_reason = steps[-1][2] if steps else ""
        referral = Referral(
            public_id=_public_id(rng, used_ids),
            member=member,
            opportunity=opportunity,
            office=office,
            created_by_id=workers.get(office.pk),
            status=status,
            source=rng.choice(["case_worker"] * 4 + ["matcher", "forum"]),
            categories=consent.categories if is_sent else ["identity", "contact", "labour"],
            shared_fields=shared_fields_of(member, consent.categories, member.household_size)
            if is_sent
            else {},
            consent=consent if is_sent else None,
            reason_code=last_reason,
            sent_at=sent_at if is_sent else None,
            answered_at=steps[1][1] if len(steps) > 1 and steps[1][0] in ("accepted", "declined") else None,
            due_by=due_by,
            started_on=next((m.date() for s, m, _r in steps if s in ("started", "enrolled")), None),
            closed_at=steps[-1][1] if status in CLOSED_STATUSES else None,
            holds_seat=status in HOLDS_SEAT,
        )
        referrals.append(referral)
        paths.append(steps)
    Referral.objects.bulk_create(referrals, batch_size=1000)
    events = []
    for referral, steps in zip(referrals, paths, strict=True):
        events.append(
            ReferralEvent(
                referral=referral,
                to_status=Status.PROPOSED,
                actor_id=referral.created_by_id,
                at=(referral.sent_at or now) - timedelta(hours=1),
                source="seed",
            )
        )
        previous = "proposed"
        for step, moment, reason in steps:
            office_step = step in ("sent", "withdrawn")
            events.append(
                ReferralEvent(
                    referral=referral,
                    from_status=previous,
                    to_status=step,
                    actor_id=referral.created_by_id
                    if office_step
                    else partners.get(referral.opportunity.entity_id),
                    at=moment,
                    reason_code=reason,
                    source="seed",
                )
            )
            previous = step
    ReferralEvent.objects.bulk_create(events, batch_size=2000)
    taken = defaultdict(int)
    for referral in referrals:
        if referral.holds_seat:
            taken[referral.opportunity_id] += 1
    for opportunity_id, count in taken.items():
        Opportunity.objects.filter(pk=opportunity_id).update(seats_taken=F("seats_taken") + count)
    ctx.counts["referrals"] = Referral.objects.count()
    ctx.counts["referral_events"] = ReferralEvent.objects.count()
