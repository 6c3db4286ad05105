"""Every write of the forum: named, keyword-only, atomic, audited."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.enterprises.models import Sale
from tamkeen.enterprises.services import sale_record
from tamkeen.forum.models import (
    Booth,
    BoothVisit,
    CheckIn,
    Event,
    ExhibitionSale,
    Invitation,
    OnSiteApplication,
    Registration,
    Session,
    new_short_code,
)
from tamkeen.forum.rules import check_in_day, read_badge_code
from tamkeen.referrals.models import Source
from tamkeen.referrals.services import referral_propose


class ForumError(ValidationError):
    pass


def _require_organiser(actor, event: Event | None = None) -> None:
    from tamkeen.forum.access import events_managed_by

    if actor is None or not getattr(actor, "is_organiser", False):
        raise PermissionDenied(_("Only forum organisers can do this."))
    if event is not None and not events_managed_by(actor).filter(pk=event.pk).exists():
        raise PermissionDenied(_("You do not organise this forum."))


@transaction.atomic
def event_create(*, actor, title: str, venue: str, starts_on: date, ends_on: date, governorate=None) -> Event:
    _require_organiser(actor)
    if ends_on < starts_on:
        raise ForumError(_("The last day cannot be before the first day."))
    if actor.region_id is None:
        raise ForumError(_("Your account has no region; ask an administrator."))
    event = Event.objects.create(
        title=title.strip(),
        venue=venue.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        governorate=governorate,
        region_id=actor.region_id,
        created_by=actor,
    )
    event.committee.add(actor)
    audit_record(
        actor=actor,
        action="forum.event.create",
        obj=event,
        changes={"title": [None, event.title], "starts_on": [None, starts_on], "ends_on": [None, ends_on]},
    )
    return event


@transaction.atomic
def booth_add(
    *, actor, event: Event, number: str, zone: str, size: str, entity=None, enterprise=None
) -> Booth:
    _require_organiser(actor, event)
    if entity is not None and enterprise is not None:
        raise ForumError(_("A booth goes to an entity or to an exhibiting family, not both."))
    number = number.strip()
    if event.booths.filter(number=number).exists():
        raise ForumError(_("This booth number is already on the floor plan."))
    booth = Booth.objects.create(
        event=event, number=number, zone=zone.strip(), size=size, entity=entity, enterprise=enterprise
    )
    audit_record(
        actor=actor,
        action="forum.booth.add",
        obj=booth,
        changes={"number": [None, number], "entity": [None, entity], "enterprise": [None, enterprise]},
    )
    return booth


@transaction.atomic
def session_add(
    *,
    actor,
    event: Event,
    kind: str,
    title: str,
    room: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    entity=None,
) -> Session:
    _require_organiser(actor, event)
    if ends_at <= starts_at:
        raise ForumError(_("A session must end after it starts."))
    if timezone.localtime(starts_at).date() not in event.days():
        raise ForumError(_("A session must take place on one of the forum's days."))
    if capacity <= 0:
        raise ForumError(_("Give the number of seats."))
    session = Session.objects.create(
        event=event,
        kind=kind,
        title=title.strip(),
        room=room.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        entity=entity,
    )
    audit_record(
        actor=actor,
        action="forum.session.add",
        obj=session,
        changes={"title": [None, session.title], "capacity": [None, capacity]},
    )
    return session


def _create_registration(**fields) -> Registration:
    # A short code is unique per event; on the rare collision draw another.
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return Registration.objects.create(short_code=new_short_code(), **fields)
        except IntegrityError:
            member = fields.get("member")
            if (
                member is not None
                and Registration.objects.filter(event=fields["event"], member=member).exists()
            ):
                raise
    raise ForumError(_("Could not issue a badge code; try again."))


def _fresh_short_codes(event: Event, n: int) -> list[str]:
    taken = set(Registration.objects.filter(event=event).values_list("short_code", flat=True))
    codes: list[str] = []
    while len(codes) < n:
        code = new_short_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


@transaction.atomic
def invitations_create(*, actor, event: Event, members) -> list[Invitation]:
    """Invite members (chosen through the invitation selector) and register them, each with a badge.
    Members already invited or registered are left as they are. Inserted in bulk, so inviting thousands takes
    a moment; the messages go out afterwards on the task worker (invitation_messages_send)."""
    _require_organiser(actor, event)
    if hasattr(members, "only"):
        members = members.only("id", "first_name", "father_name", "grandfather_name", "family_name")
    members = list(members)
    ids = [m.pk for m in members]
    already = set(
        Invitation.objects.filter(event=event, member_id__in=ids).values_list("member_id", flat=True)
    )
    registered = set(
        Registration.objects.filter(event=event, member_id__in=ids).values_list("member_id", flat=True)
    )
    fresh = [m for m in members if m.pk not in already]
    invitations = Invitation.objects.bulk_create(
        [Invitation(event=event, member=m, invited_by=actor) for m in fresh], batch_size=1000
    )
    to_register = [m for m in fresh if m.pk not in registered]
    codes = _fresh_short_codes(event, len(to_register))
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                kind=Registration.Kind.INVITED,
                member=m,
                display_name=m.full_name[:120],
                short_code=code,
            )
            for m, code in zip(to_register, codes, strict=True)
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="forum.invitations.create",
        obj=event,
        changes={"invited": [None, len(invitations)]},
    )
    return invitations


def invitation_messages_send(*, invitation_ids: list[int]) -> int:
    """Write each unsent invitation's message to the outbox once; returns how many went out by SMS."""
    from tamkeen.notifications.services import notify

    sent = 0
    for invitation in Invitation.objects.filter(pk__in=invitation_ids, sent_at__isnull=True).select_related(
        "event", "member__household__office"
    ):
        registration = Registration.objects.filter(event=invitation.event, member=invitation.member).first()
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.sent_at is not None:
                continue
            messages = notify(
                event="forum.invitation",
                member=invitation.member,
                context={
                    "event": invitation.event.title,
                    "venue": invitation.event.venue,
                    "start": invitation.event.starts_on,
                    "end": invitation.event.ends_on,
                    "code": registration.short_code if registration else "",
                    "dedupe_key": f"forum-invitation-{invitation.pk}",
                },
            )
            if any(m.channel == "sms" for m in messages):
                locked.sent_at = timezone.now()
                locked.save(update_fields=["sent_at"])
                sent += 1
    return sent


@transaction.atomic
def registration_walk_in(*, actor, event: Event, name: str, phone: str = "", member=None) -> Registration:
    """A visitor registered at the door under the name they give; a known national ID links the visit to the
    member's file on the server and shows nothing of it."""
    _require_organiser(actor, event)
    name = name.strip()
    if not name:
        raise ForumError(_("Give the visitor's name."))
    if member is not None and Registration.objects.filter(event=event, member=member).exists():
        # The member's registration (an invitation, an earlier visit) already links the forum to their file.
        # Answer exactly as for an unknown ID: a fresh badge with the typed name, so whoever types an ID at the
        # door never learns whether, or to whom, it belongs.
        member = None
    registration = _create_registration(
        event=event,
        kind=Registration.Kind.WALK_IN,
        member=member,
        display_name=name[:120],
        visitor_phone=phone,
    )
    audit_record(
        actor=actor,
        action="forum.registration.walk_in",
        obj=registration,
        member_id=member.pk if member else None,
    )
    if member is not None:
        _tell_badge(registration)
    return registration


def _tell_badge(registration: Registration) -> None:
    """A badge issued at the door for a member's file: the member is told, on their own mobile, in the same
    transaction (so they also learn if someone else gave their ID). Invited members already had their code in the
    invitation message."""
    from tamkeen.notifications.services import notify

    event = registration.event
    notify(
        event="forum.badge",
        member=registration.member,
        context={
            "event": event.title,
            "venue": event.venue,
            "start": event.starts_on,
            "code": registration.short_code,
            "dedupe_key": f"forum-badge-{registration.pk}",
        },
    )


def find_registration(event: Event, raw_code: str) -> Registration | None:
    code = read_badge_code(raw_code)
    if code is None:
        return None
    lookup = {"short_code": code.value} if code.kind == "short" else {"token": code.value}
    return Registration.objects.filter(event=event, **lookup).first()


@transaction.atomic
def check_in_record(
    *, actor, event: Event, code: str, session: Session | None = None, at: datetime | None = None
) -> tuple[CheckIn, bool]:
    """Record an arrival at the door or at a session. Idempotent: the same badge at the same place on the same
    day is one check-in, so a scan replayed after a network drop is harmless. Returns (check-in, created)."""
    _require_organiser(actor, event)
    registration = find_registration(event, code)
    if registration is None:
        raise ForumError(_("No registration with this code at this forum."))
    if session is not None and session.event_id != event.pk:
        raise ForumError(_("This session is not part of this forum."))
    at = at or timezone.now()
    day = check_in_day(timezone.localtime(at), event.days())
    if day is None:
        raise ForumError(_("The forum is not open on this day."))
    existing = CheckIn.objects.filter(registration=registration, session=session, day=day).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                registration=registration, session=session, day=day, at=at, recorded_by=actor
            )
    except IntegrityError:  # the same scan arriving twice at once
        return CheckIn.objects.get(registration=registration, session=session, day=day), False
    audit_record(actor=actor, action="forum.check_in", obj=check_in, member_id=registration.member_id)
    return check_in, True


@transaction.atomic
def booth_scan(*, actor, booth: Booth, code: str) -> Registration:
    """Entity staff scan a badge at their booth: the contact is recorded; they see only the holder's name."""
    if actor is None or not actor.is_partner or booth.entity_id != actor.entity_id:
        raise PermissionDenied(_("Only the entity's staff can scan at its booth."))
    registration = find_registration(booth.event, code)
    if registration is None:
        raise ForumError(_("No registration with this code at this forum."))
    BoothVisit.objects.get_or_create(booth=booth, registration=registration, defaults={"recorded_by": actor})
    return registration


@transaction.atomic
def application_record(
    *, actor, booth: Booth, registration: Registration, opportunity, note: str = ""
) -> OnSiteApplication:
    """Interest recorded at a booth. For a member of the registry it becomes a *proposed* referral (source:
    forum) that their case worker sees; sending it to the entity still needs the member's consent."""
    if actor is None or not actor.is_partner or booth.entity_id != actor.entity_id:
        raise PermissionDenied(_("Only the entity's staff can record applications at its booth."))
    if registration.event_id != booth.event_id:
        raise ForumError(_("This badge is for another forum."))
    if opportunity.entity_id != booth.entity_id:
        raise ForumError(_("Choose one of your entity's opportunities."))
    if OnSiteApplication.objects.filter(registration=registration, opportunity=opportunity).exists():
        raise ForumError(_("This application is already recorded."))
    BoothVisit.objects.get_or_create(booth=booth, registration=registration, defaults={"recorded_by": actor})
    referral = None
    if registration.member_id is not None:
        referral = referral_propose(
            actor=None,
            member=registration.member,
            opportunity=opportunity,
            source=Source.FORUM,
            note=_("Interest recorded at booth %(booth)s of %(event)s.")
            % {"booth": booth.number, "event": booth.event.title}
            + (f" {note}" if note else ""),
        )
    application = OnSiteApplication.objects.create(
        booth=booth,
        registration=registration,
        opportunity=opportunity,
        referral=referral,
        note=note,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="forum.application.record",
        obj=application,
        member_id=registration.member_id,
        changes={"opportunity": [None, opportunity.code], "referral": [None, referral]},
    )
    return application


@transaction.atomic
def exhibition_sale_record(
    *, actor, booth: Booth, amount: Decimal, note: str = "", sold_on: date | None = None
):
    """A sale at an exhibiting family's booth; it goes into the enterprise's sales (channel: exhibition)."""
    from tamkeen.forum.access import booths_visible_to

    may_sell = (
        getattr(actor, "role", None) in ("beneficiary", "organiser")
        and booths_visible_to(actor).filter(pk=booth.pk, enterprise__isnull=False).exists()
    )
    if not may_sell:
        raise PermissionDenied(_("Only the exhibiting family or the organisers record this booth's sales."))
    sold_on = sold_on or timezone.localdate()
    if sold_on not in booth.event.days():
        raise ForumError(_("Exhibition sales are recorded on the forum's days."))
    sale = sale_record(
        actor=actor,
        enterprise=booth.enterprise,
        sold_on=sold_on,
        channel=Sale.Channel.EXHIBITION,
        amount=amount,
        note=note or booth.event.title,
        check_editor=False,
    )
    ExhibitionSale.objects.create(booth=booth, sale=sale)
    return sale
