"""The demo forum: this Hijri year's Empowerment Forum in Jazan — two days, a booth per demo entity, a
productive-families exhibition, sessions, invitations, walk-ins, check-ins, booth contacts, on-site applications
(proposed referrals) and exhibition sales. Rows are inserted in bulk so the step stays fast at scale."""

import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from tamkeen.accounts.models import User
from tamkeen.core.hijri import hijri_year_of, hijri_year_range
from tamkeen.enterprises.models import Enterprise, Sale
from tamkeen.forum.models import (
    SHORT_CODE_ALPHABET,
    SHORT_CODE_LENGTH,
    Booth,
    BoothVisit,
    CheckIn,
    Event,
    ExhibitionSale,
    Invitation,
    OnSiteApplication,
    Registration,
    Session,
)
from tamkeen.geography.models import Governorate, Region
from tamkeen.opportunities.models import Opportunity
from tamkeen.partners.models import Entity
from tamkeen.referrals.models import Source
from tamkeen.referrals.services import ReferralError, referral_propose
from tamkeen.registry.models import Member

INVITED_SHARE = 0.12
MAX_INVITED = 1500
EXHIBITORS = 15
SESSIONS = [
    ("talk", "الإيجابية مع الذات: من الرعوية إلى التنموية", "القاعة الكبرى", 10, 300),
    ("workshop", "كيف تكتب سيرتك الذاتية", "قاعة 1", 11, 40),
    ("course", "أساسيات خدمة العملاء", "قاعة 2", 12, 30),
    ("workshop", "التسويق الرقمي للأسر المنتجة", "قاعة 3", 13, 35),
    ("talk", "التمويل متناهي الصغر وبرامج بنك التنمية الاجتماعية", "القاعة الكبرى", 16, 300),
    ("course", "السلامة المهنية في بيئة العمل", "قاعة 1", 17, 30),
]
WALK_IN_NAMES = ["عبدالله محمد", "نورة أحمد", "سعيد علي", "مريم حسن", "خالد يحيى", "هدى إبراهيم", "فهد ناصر"]


def _short_codes(n: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < n:
        codes.add("".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH)))
    return list(codes)


def seed(ctx) -> None:
    rng = ctx.rng_for("forum")
    region = Region.objects.filter(code="SA-09").first()
    organiser = User.objects.filter(username="organiser").first()
    if region is None:
        return
    today = timezone.localdate()
    year = hijri_year_of(today)
    first_day, _last = hijri_year_range(year)
    # Two months ago (so the 90-day conversion has begun to show), but inside this Hijri year.
    starts_on = max(first_day + timedelta(days=14), today - timedelta(days=60))
    if starts_on + timedelta(days=1) > today:
        starts_on = today - timedelta(days=1)
    ends_on = starts_on + timedelta(days=1)
    days = [starts_on, ends_on]
    event = Event.objects.create(
        title=f"ملتقى التمكين {year}هـ",
        region=region,
        governorate=Governorate.objects.filter(region=region, is_seat=True).first(),
        venue="مركز جازان للمعارض والمؤتمرات",
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=organiser,
    )
    if organiser is not None:
        event.committee.add(organiser)

    # The floor plan: a booth per entity (zone by kind), then the productive-families exhibition.
    zones = {
        "government": "أ",
        "training_provider": "ب",
        "financing_body": "ج",
        "non_profit": "د",
        "private_employer": "هـ",
    }
    booths = []
    for n, entity in enumerate(
        Entity.objects.filter(region=region, is_active=True).order_by("code"), start=1
    ):
        booths.append(
            Booth(
                event=event,
                number=f"{n:02d}",
                zone=zones.get(entity.kind, "أ"),
                size=rng.choice(["small", "medium", "medium", "large"]),
                entity=entity,
            )
        )
    enterprise_ids = list(
        Enterprise.objects.filter(is_active=True).order_by("id").values_list("id", flat=True)
    )
    for n, enterprise_id in enumerate(
        rng.sample(enterprise_ids, k=min(EXHIBITORS, len(enterprise_ids))), start=1
    ):
        booths.append(
            Booth(
                event=event,
                number=f"F{n:02d}",
                zone="معرض الأسر المنتجة",
                size="small",
                enterprise_id=enterprise_id,
            )
        )
    Booth.objects.bulk_create(booths)
    booths = list(event.booths.select_related("entity", "enterprise"))
    entity_booths = [b for b in booths if b.entity_id]

    tz = timezone.get_current_timezone()
    sessions = []
    for i, (kind, title, room, hour, capacity) in enumerate(SESSIONS):
        day = days[i // 3 % 2]
        start = datetime.combine(day, time(hour, 0), tzinfo=tz)
        sessions.append(
            Session(
                event=event,
                kind=kind,
                title=title,
                room=room,
                starts_at=start,
                ends_at=start + timedelta(minutes=90),
                capacity=capacity,
            )
        )
    Session.objects.bulk_create(sessions)
    sessions = list(event.sessions.all())

    # Invitations: a share of the region's members able to work, each with a registration and a badge.
    candidates = list(
        Member.objects.filter(
            household__office__region=region,
            work_capacity__in=["able", "rehabilitable"],
            **ctx.history_filter(),
        )
        .order_by("id")
        .values_list("id", "first_name", "father_name", "family_name")
    )
    invited = rng.sample(candidates, k=min(MAX_INVITED, int(len(candidates) * INVITED_SHARE)))
    invited.sort()
    walk_ins = max(10, len(invited) // 8)
    codes = _short_codes(len(invited) + walk_ins)
    sent_at = timezone.make_aware(datetime.combine(starts_on - timedelta(days=10), time(9)), tz)
    Invitation.objects.bulk_create(
        [Invitation(event=event, member_id=m[0], invited_by=organiser, sent_at=sent_at) for m in invited],
        batch_size=2000,
    )
    registrations = [
        Registration(
            event=event,
            kind=Registration.Kind.INVITED,
            member_id=member_id,
            display_name=" ".join(p for p in (first, father, family) if p)[:120],
            token=secrets.token_urlsafe(24),
            short_code=codes.pop(),
        )
        for member_id, first, father, family in invited
    ]
    registrations += [
        Registration(
            event=event,
            kind=Registration.Kind.WALK_IN,
            display_name=rng.choice(WALK_IN_NAMES),
            token=secrets.token_urlsafe(24),
            short_code=codes.pop(),
        )
        for _ in range(walk_ins)
    ]
    Registration.objects.bulk_create(registrations, batch_size=2000)
    registrations = list(event.registrations.order_by("id"))

    # Check-ins: most invited members come on one day or both; every walk-in came (that is how they registered).
    check_ins, attendees = [], []
    for registration in registrations:
        if registration.kind == Registration.Kind.WALK_IN:
            came = [rng.choice(days)]
        else:
            came = [day for day in days if rng.random() < 0.45]
        for day in came:
            at = timezone.make_aware(datetime.combine(day, time(rng.randint(9, 15), rng.randint(0, 59))), tz)
            check_ins.append(CheckIn(registration=registration, day=day, at=at, recorded_by=organiser))
            for session in sessions:
                if timezone.localtime(session.starts_at).date() == day and rng.random() < 0.15:
                    check_ins.append(
                        CheckIn(
                            registration=registration,
                            session=session,
                            day=day,
                            at=session.starts_at,
                            recorded_by=organiser,
                        )
                    )
        if came:
            attendees.append(registration)
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)

    # Booth contacts and on-site applications (members only become proposed referrals).
    open_by_entity: dict[int, list[Opportunity]] = {}
    for opportunity in Opportunity.objects.filter(
        status=Opportunity.Status.OPEN, entity__in=[b.entity_id for b in entity_booths]
    ).order_by("id"):
        open_by_entity.setdefault(opportunity.entity_id, []).append(opportunity)
    staff = {u.entity_id: u for u in User.objects.filter(role="partner", entity__isnull=False).order_by("id")}
    visits = []
    applications = 0
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in=[r.member_id for r in attendees if r.member_id]).select_related(
            "household"
        )
    }
    for registration in attendees:
        for booth in rng.sample(entity_booths, k=min(len(entity_booths), rng.randint(0, 4))):
            visits.append(
                BoothVisit(booth=booth, registration=registration, recorded_by=staff.get(booth.entity_id))
            )
            offers = open_by_entity.get(booth.entity_id)
            if offers and registration.member_id and rng.random() < 0.12:
                opportunity = rng.choice(offers)
                try:
                    referral = referral_propose(
                        actor=None,
                        member=members[registration.member_id],
                        opportunity=opportunity,
                        source=Source.FORUM,
                        note=f"اهتمام مسجل في الركن {booth.number} — {event.title}",
                    )
                except ReferralError:
                    continue  # already has an open referral to it
                OnSiteApplication.objects.create(
                    booth=booth,
                    registration=registration,
                    opportunity=opportunity,
                    referral=referral,
                    recorded_by=staff.get(booth.entity_id),
                )
                applications += 1
    BoothVisit.objects.bulk_create(visits, batch_size=5000, ignore_conflicts=True)

    # Exhibition sales, recorded into each exhibiting family's sales.
    sales = []
    exhibitor_booths = [b for b in booths if b.enterprise_id]
    for booth in exhibitor_booths:
        for day in days:
            for _ in range(rng.randint(2, 6)):
                sales.append(
                    (
                        booth,
                        Sale(
                            enterprise_id=booth.enterprise_id,
                            sold_on=day,
                            channel=Sale.Channel.EXHIBITION,
                            amount=Decimal(rng.randint(20, 400)),
                            note=event.title,
                        ),
                    )
                )
    Sale.objects.bulk_create([s for _, s in sales], batch_size=2000)
    ExhibitionSale.objects.bulk_create([ExhibitionSale(booth=b, sale=s) for b, s in sales], batch_size=2000)

    ctx.count("forum_events", 1)
    ctx.count("forum_booths", len(booths))
    ctx.count("forum_sessions", len(sessions))
    ctx.count("forum_registrations", len(registrations))
    ctx.count("forum_check_ins", len(check_ins))
    ctx.count("forum_booth_contacts", len(visits))
    ctx.count("forum_applications", applications)
    ctx.count("forum_exhibition_sales", len(sales))
