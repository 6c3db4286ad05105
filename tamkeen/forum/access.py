"""Who sees what of a forum.

Organisers see their events (their region's, or those whose committee they sit on) and the registrations of
those events, never the registry. Managers see their region's events and reports. Entity staff see only their
entity's booths, and at a booth only a badge holder's name. A beneficiary sees their own registrations and the
booths of their own household's enterprise.
"""

from django.db.models import Q, QuerySet

from tamkeen.accounts.access import in_visible_regions
from tamkeen.core.access import get_visible_or_404
from tamkeen.forum.models import Booth, Event, Registration


def _role(user) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def events_visible_to(user) -> QuerySet[Event]:
    role = _role(user)
    if role == "organiser":
        return Event.objects.filter(Q(region_id=user.region_id) | Q(committee=user)).distinct()
    if getattr(user, "is_manager", False):
        return in_visible_regions(Event.objects.all(), user)
    return Event.objects.none()


def events_managed_by(user) -> QuerySet[Event]:
    """Events the user may change: organisers only."""
    if _role(user) == "organiser":
        return events_visible_to(user)
    return Event.objects.none()


def access_event(user, pk) -> Event:
    return get_visible_or_404(events_visible_to(user), pk=pk)


def access_event_for_organiser(user, pk) -> Event:
    return get_visible_or_404(events_managed_by(user), pk=pk)


def registrations_visible_to(user) -> QuerySet[Registration]:
    role = _role(user)
    if role == "organiser":
        return Registration.objects.filter(event__in=events_managed_by(user))
    if role == "beneficiary":
        return Registration.objects.filter(member__user=user)
    return Registration.objects.none()


def access_registration(user, pk) -> Registration:
    return get_visible_or_404(registrations_visible_to(user).select_related("event"), pk=pk)


def booths_visible_to(user) -> QuerySet[Booth]:
    role = _role(user)
    if role == "partner":
        return Booth.objects.filter(entity_id=user.entity_id)
    if role == "organiser":
        return Booth.objects.filter(event__in=events_managed_by(user))
    if role == "beneficiary":
        return Booth.objects.filter(enterprise__household__members__user=user)
    return Booth.objects.none()


def access_booth(user, pk) -> Booth:
    return get_visible_or_404(booths_visible_to(user).select_related("event", "entity", "enterprise"), pk=pk)


def access_entity_booth(user, pk) -> Booth:
    """A booth the user staffs for their entity (scanning badges, recording applications)."""
    if _role(user) != "partner":
        return get_visible_or_404(Booth.objects.none(), pk=pk)
    return access_booth(user, pk)


def access_exhibitor_booth(user, pk) -> Booth:
    """A productive family's booth, for recording its sales: the family itself or the event's organisers."""
    if _role(user) not in ("beneficiary", "organiser"):
        return get_visible_or_404(Booth.objects.none(), pk=pk)
    return get_visible_or_404(
        booths_visible_to(user).filter(enterprise__isnull=False).select_related("event", "enterprise"), pk=pk
    )
