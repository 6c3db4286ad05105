"""Reads of the outbox and of people's message choices."""

from django.db.models import Q, QuerySet

from tamkeen.registry.access import members_visible_to

from .models import Channel, Message, Preference


def preference_of(*, member=None, user=None) -> Preference | None:
    if member is not None:
        return Preference.objects.filter(member=member).first()
    if user is not None:
        return Preference.objects.filter(user=user).first()
    return None


UNREAD = object()


def member_mobile(member, preference=UNREAD) -> str:
    """The mobile to text: the one the person verified, else the registry's unless an office marked it wrong.

    ``preference`` is the member's Preference or None when the caller has read it already."""
    preference = preference_of(member=member) if preference is UNREAD else preference
    if preference is not None and preference.mobile:
        return preference.mobile
    if preference is not None and preference.is_registry_mobile_wrong:
        return ""
    return member.phone or ""


def messages_visible_to(user) -> QuerySet[Message]:
    """Staff read the log of the members they may see (the registry's policy), and their own messages;
    supervisors also see the notices sent to their office's staff."""
    messages = Message.objects.select_related("member", "user")
    if not getattr(user, "is_authenticated", False) or not getattr(user, "can_browse_registry", False):
        return messages.none()
    scope = Q(member__in=members_visible_to(user)) | Q(user=user)
    if user.is_supervisor:
        scope |= Q(member__isnull=True, office_id=user.office_id)
    return messages.filter(scope)


def in_app_messages_of(member) -> QuerySet[Message]:
    return Message.objects.filter(member=member, channel=Channel.IN_APP).order_by("-created_at", "-pk")
