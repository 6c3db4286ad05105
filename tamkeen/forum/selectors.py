"""Reads for the forum. Each returns only what its page needs: organisers never get registry records."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, FloatField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, NullIf

from tamkeen.core.exports import hijri_cell
from tamkeen.forum.models import (
    Booth,
    BoothVisit,
    CheckIn,
    Event,
    ExhibitionSale,
    OnSiteApplication,
    Registration,
    Session,
)
from tamkeen.forum.rules import Fact, conversion, conversion_window
from tamkeen.opportunities.models import Opportunity
from tamkeen.registry.models import Household, Member
from tamkeen.registry.selectors import members_in_programme_scope


@dataclass(frozen=True)
class InvitationCriteria:
    office_id: int | None = None
    governorate_id: int | None = None
    track: str = ""
    min_readiness: float | None = None
    able_only: bool = True


def invitation_candidates(event: Event, criteria: InvitationCriteria) -> QuerySet[Member]:
    """Members of the event's region matching the organiser's criteria and not yet invited.

    Returns a queryset the organiser never lists: the page shows counts per office, and the service
    receives the queryset (values are read only to create invitations)."""
    members = Member.objects.filter(
        household__office__region_id=event.region_id, household__status=Household.Status.ACTIVE
    )
    if criteria.able_only:
        members = members_in_programme_scope(members, event.starts_on).filter(
            work_capacity__in=[Member.WorkCapacity.ABLE, Member.WorkCapacity.REHABILITABLE]
        )
    if criteria.office_id:
        members = members.filter(household__office_id=criteria.office_id)
    if criteria.governorate_id:
        members = members.filter(household__governorate_id=criteria.governorate_id)
    if criteria.track:
        from tamkeen.assessments.models import Assessment

        latest = Assessment.objects.filter(member=OuterRef("pk"), completed_at__isnull=False).order_by(
            "-completed_at"
        )
        members = members.annotate(
            latest_track=Coalesce(
                NullIf(Subquery(latest.values("chosen_track")[:1]), Value("")),
                Subquery(latest.values("recommended_track")[:1]),
            )
        ).filter(latest_track=criteria.track)
        if criteria.min_readiness is not None:
            readiness = latest.annotate(
                score=Cast(KeyTextTransform(criteria.track, "track_scores"), FloatField())
            )
            members = members.annotate(readiness=Subquery(readiness.values("score")[:1])).filter(
                readiness__gte=criteria.min_readiness
            )
    return members.exclude(
        pk__in=Registration.objects.filter(event=event, member__isnull=False).values("member_id")
    )


def candidates_by_office(members: QuerySet[Member]) -> list[dict]:
    return list(
        members.values(office=F("household__office__name_ar"), office_code=F("household__office__code"))
        .annotate(n=Count("id"))
        .order_by("office_code")
    )


def registrations_for_event(event: Event) -> QuerySet[Registration]:
    """The registration list: badge name, kind, code and whether they came — nothing from the registry."""
    return (
        Registration.objects.filter(event=event)
        .annotate(door_check_ins=Count("check_ins", filter=Q(check_ins__session__isnull=True)))
        .only("id", "event_id", "kind", "display_name", "short_code", "created_at")
        .order_by("display_name")
    )


@dataclass(frozen=True)
class BadgeHolder:
    """All that entity staff learn when they scan a badge at their booth."""

    registration_id: int
    token: str
    name: str
    is_member: bool


def badge_holder(registration: Registration) -> BadgeHolder:
    return BadgeHolder(
        registration.pk, registration.token, registration.display_name, registration.member_id is not None
    )


def booth_opportunities(booth: Booth) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(entity_id=booth.entity_id, status=Opportunity.Status.OPEN).order_by(
        "track", "code"
    )


def event_sessions(event: Event) -> QuerySet[Session]:
    return event.sessions.annotate(attended=Count("check_ins__registration", distinct=True)).select_related(
        "entity"
    )


def _count_per_booth(model) -> Coalesce:
    """One indexed count per booth (its rows by ``booth_id``)."""
    counted = model.objects.filter(booth=OuterRef("pk")).order_by().values("booth").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


def event_booths(event: Event) -> QuerySet[Booth]:
    # Two counts by subquery: joining visits and applications in one GROUP BY multiplies a booth's rows
    # (contacts × applications) before the DISTINCT counts.
    return event.booths.select_related("entity", "enterprise__activity").annotate(
        contacts=_count_per_booth(BoothVisit), applications_count=_count_per_booth(OnSiteApplication)
    )


def _labels(model, name: str) -> dict[str, str]:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def floor_plan(event: Event) -> tuple[list[Booth], list[Session]]:
    """The event page's booths (by zone and number) and sessions, each with its choice label looked up once per
    page (``size_label``, ``kind_label``): get_FOO_display in the template hashes every choice on every row."""
    sizes, kinds = _labels(Booth, "size"), _labels(Session, "kind")
    booths = list(event_booths(event).order_by("zone", "number"))
    for booth in booths:
        booth.size_label = sizes.get(booth.size, booth.size)
    sessions = list(event_sessions(event))
    for session in sessions:
        session.kind_label = kinds.get(session.kind, session.kind)
    return booths, sessions


# ---- the event report ----


def _conversion_facts(member_ids: list[int], first: date, last: date) -> list[Fact]:
    from tamkeen.outcomes.models import Outcome
    from tamkeen.referrals.models import Referral, ReferralEvent

    facts: list[Fact] = []
    referrals = Referral.objects.filter(
        member_id__in=member_ids, created_at__date__gte=first, created_at__date__lte=last
    )
    for member_id, created, entity, track in referrals.values_list(
        "member_id", "created_at__date", "opportunity__entity__code", "opportunity__track"
    ):
        facts.append(Fact(member_id, "referred", created, entity, track))
    enrolments = ReferralEvent.objects.filter(
        referral__member_id__in=member_ids,
        to_status=Referral.Status.ENROLLED,
        at__date__gte=first,
        at__date__lte=last,
    )
    for member_id, on, entity, track in enrolments.values_list(
        "referral__member_id",
        "at__date",
        "referral__opportunity__entity__code",
        "referral__opportunity__track",
    ):
        facts.append(Fact(member_id, "enrolled", on, entity, track))
    outcomes = Outcome.objects.filter(
        member_id__in=member_ids, kind__in=["hired", "project_financed"], date__gte=first, date__lte=last
    )
    for member_id, kind, on, entity, body, track in outcomes.values_list(
        "member_id", "kind", "date", "entity__code", "financing_body__code", "track"
    ):
        step = "hired" if kind == "hired" else "financed"
        facts.append(Fact(member_id, step, on, entity or body or "", track))
    return facts


def _labelled(report: dict) -> None:
    from tamkeen.opportunities.models import Track
    from tamkeen.partners.models import Entity

    names = dict(Entity.objects.filter(code__in=report["by_entity"]).values_list("code", "name_ar"))
    labels = dict(Track.choices)
    report["entity_rows"] = [(names.get(code, code), steps) for code, steps in report["by_entity"].items()]
    report["track_rows"] = [(labels.get(track, track), steps) for track, steps in report["by_track"].items()]


def event_report(event: Event) -> dict:
    registrations = Registration.objects.filter(event=event)
    by_kind = dict(registrations.values_list("kind").annotate(n=Count("id")))
    door = CheckIn.objects.filter(registration__event=event, session__isnull=True)
    per_day = dict(door.values_list("day").annotate(n=Count("registration", distinct=True)))
    attendance = [{"day": day, "attended": per_day.get(day, 0)} for day in event.days()]
    attended_ids = set(door.values_list("registration_id", flat=True))
    attendee_members = list(
        registrations.filter(pk__in=attended_ids, member__isnull=False).values_list("member_id", flat=True)
    )
    window = conversion_window(event.starts_on, event.ends_on)
    facts = _conversion_facts(attendee_members, *window)
    applications = OnSiteApplication.objects.filter(booth__event=event)
    converted = conversion(attendee_members, facts, window=window)
    _labelled(converted)
    return {
        "registrations": {
            "total": sum(by_kind.values()),
            "invited": by_kind.get(Registration.Kind.INVITED, 0),
            "walk_in": by_kind.get(Registration.Kind.WALK_IN, 0),
            "attended": len(attended_ids),
        },
        "attendance": attendance,
        "sessions": list(event_sessions(event)),
        "booths": list(event_booths(event).filter(entity__isnull=False).order_by("-contacts", "number")),
        "applications": {
            "total": applications.count(),
            "referred": applications.filter(referral__isnull=False).count(),
            "by_entity": list(
                applications.values(code=F("booth__entity__code"), name=F("booth__entity__name_ar"))
                .annotate(n=Count("id"))
                .order_by("-n")
            ),
        },
        "conversion": converted,
        "window_end": window[1],
        "exhibition_sales": ExhibitionSale.objects.filter(booth__event=event).aggregate(
            n=Count("id"), total=Coalesce(Sum("sale__amount"), Decimal(0))
        ),
    }


def report_rows(event: Event, report: dict) -> list[list]:
    """The report flattened for CSV and XLSX: section, item, value(s)."""
    rows: list[list] = [["section", "item", "value", "extra"]]
    for key, value in report["registrations"].items():
        rows.append(["registrations", key, value, ""])
    for row in report["attendance"]:
        # The day Hijri first (the item), its Gregorian date beside the count.
        rows.append(["attendance_per_day", hijri_cell(row["day"]), row["attended"], row["day"].isoformat()])
    for session in report["sessions"]:
        rows.append(["attendance_per_session", session.title, session.attended, session.capacity])
    for booth in report["booths"]:
        rows.append(
            [
                "booth_contacts",
                f"{booth.number} {booth.entity.code}",
                booth.contacts,
                booth.applications_count,
            ]
        )
    rows.append(["applications", "total", report["applications"]["total"], ""])
    rows.append(["applications", "referred", report["applications"]["referred"], ""])
    rows.append(["exhibition_sales", "count", report["exhibition_sales"]["n"], ""])
    rows.append(["exhibition_sales", "total_sar", str(report["exhibition_sales"]["total"]), ""])
    conv = report["conversion"]
    rows.append(["conversion", "attendees", conv["attendees"], ""])
    for step, n in conv["overall"].items():
        rows.append(["conversion", step, n, ""])
    for group in ("by_entity", "by_track"):
        for key, steps in conv[group].items():
            for step, n in steps.items():
                rows.append([f"conversion_{group}", f"{key}:{step}", n, ""])
    return rows


def window_days_left(event: Event, today: date) -> int:
    return max((event.ends_on + timedelta(days=90) - today).days, 0)


def member_by_national_id(national_id: str) -> Member | None:
    """A walk-in visitor who gives their national ID is linked to their file; the organiser learns no more."""
    if not national_id:
        return None
    return Member.objects.filter(national_id=national_id).only("id", "household_id").first()
