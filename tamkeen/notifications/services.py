"""The one way to tell a person something, and the worker's side of sending it."""

import hashlib
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from tamkeen.core.audit import audit_record

from . import backends
from .events import EVENTS, template_for
from .models import Channel, Message, Preference
from .rendering import quiet_hours_end, render, retry_delay
from .selectors import member_mobile, preference_of

# A claimed message is not picked up by another worker for this long (a crashed worker's claim expires).
CLAIM_SECONDS = 120


def _quiet_hours() -> tuple[time, time] | None:
    text = getattr(settings, "TAMKEEN_QUIET_HOURS", "")
    if not text:
        return None
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def _office_name(office, language: str) -> str:
    if office is None:
        return ""
    with translation.override(language):
        return office.name


def _address(channel: str, *, member, user, preference) -> str:
    if channel == Channel.SMS:
        if member is not None:
            return member_mobile(member, preference)
        return getattr(user, "phone", "") or ""
    if channel == Channel.EMAIL:
        return (getattr(user, "email", "") or "") if user is not None else ""
    return ""


def _key(event: str, channel: str, member, user, dedupe_key) -> str:
    if dedupe_key is None:
        return uuid.uuid4().hex
    raw = f"{event}|{channel}|{getattr(member, 'pk', '')}|{getattr(user, 'pk', '')}|{dedupe_key}"
    return hashlib.sha256(raw.encode()).hexdigest()[:64]


def notify(
    *,
    event: str,
    member=None,
    user=None,
    context: dict,
    channels: tuple[str, ...] | None = None,
    required: bool = False,
) -> list[Message]:
    """Write the event's messages to the outbox in the caller's transaction; the worker sends them after commit.

    ``member``: a beneficiary (SMS to their mobile, in-app in the portal); ``user``: a staff member (e-mail by
    default). ``required`` (codes, legally required notices) ignores the person's opt-out. ``context`` fills the
    template's placeholders; a ``dedupe_key`` in it makes a repeated call for the same thing a no-op, and a
    ``to_address`` sends the SMS to a number being verified instead of the person's known mobile.
    """
    if member is None and user is None:
        raise ValueError("notify() needs a member or a user.")
    template = template_for(event)
    preference = preference_of(member=member) if member is not None else preference_of(user=user)
    if preference is not None and preference.is_opted_out and not required:
        return []
    language = preference.language if preference is not None else settings.LANGUAGE_CODE
    office = member.household.office if member is not None else getattr(user, "office", None)
    values = dict(context)
    dedupe_key = values.pop("dedupe_key", None)
    # A number being verified (an invitation, a new mobile) is texted before it becomes the person's number.
    to_address = values.pop("to_address", None)
    values.setdefault("office", _office_name(office, language))
    subject, body = render(template, values, language)
    if channels is None:
        channels = template.member_channels if member is not None else template.staff_channels
        explicit = False
    else:
        explicit = True
    now = timezone.now()
    quiet = _quiet_hours()
    created: list[Message] = []
    for channel in channels:
        if channel not in Channel.values:
            raise ValueError(f"Unknown channel {channel!r}.")
        address = _address(channel, member=member, user=user, preference=preference)
        if to_address and channel == Channel.SMS:
            address = to_address
        if channel != Channel.IN_APP and not address and not explicit:
            continue
        key = _key(event, channel, member, user, dedupe_key)
        if Message.objects.filter(idempotency_key=key).exists():
            continue
        message = Message(
            channel=channel,
            member=member,
            user=user,
            office=office,
            to_address=address,
            language=language,
            event=event,
            subject=subject[:200],
            body=body,
            is_required=required,
            idempotency_key=key,
        )
        if channel == Channel.IN_APP:
            # Written is delivered: the portal lists it as soon as the change commits.
            message.status = Message.Status.DELIVERED
            message.sent_at = now
        elif not address:
            message.status = Message.Status.FAILED
            message.last_error = "no address"
        elif channel == Channel.SMS and quiet and not template.is_urgent:
            message.send_after = quiet_hours_end(timezone.localtime(now), *quiet)
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            continue  # the same dedupe key written concurrently: one message is enough
        created.append(message)
    to_send = [m for m in created if m.status == Message.Status.QUEUED]
    if to_send:
        transaction.on_commit(lambda: [_enqueue(m.pk, m.send_after) for m in to_send])
    return created


def _enqueue(message_id: int, when: datetime | None) -> None:
    from .tasks import send_message

    task = send_message
    if when is not None and when > timezone.now():
        if not task.get_backend().supports_defer:
            return  # picked up by send_due_messages once its time comes
        task = task.using(run_after=when)
    task.enqueue(message_id)


def _claim(message_id: int, now: datetime) -> bool:
    """Take the message for this worker; False when it is not due, already sent or claimed by another."""
    claimed = Message.objects.filter(
        Q(send_after__isnull=True) | Q(send_after__lte=now),
        pk=message_id,
        status=Message.Status.QUEUED,
    ).update(send_after=now + timedelta(seconds=CLAIM_SECONDS))
    return claimed == 1


def message_send(*, message_id: int, now: datetime | None = None) -> Message:
    """Send one queued message once. Retryable failures wait with exponential backoff, up to
    TAMKEEN_MESSAGE_MAX_ATTEMPTS; the gateway sees the same idempotency key on every attempt."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return Message.objects.get(pk=message_id)
    message = Message.objects.get(pk=message_id)
    message.attempts += 1
    try:
        if message.channel == Channel.SMS:
            result = backends.send_sms(to=message.to_address, body=message.body, key=message.idempotency_key)
        elif message.channel == Channel.EMAIL:
            result = backends.send_email(
                to=message.to_address, subject=message.subject, body=message.body, key=message.idempotency_key
            )
        else:
            result = backends.Sent(status=Message.Status.DELIVERED)
    except backends.SendError as error:
        message.last_error = str(error)[:500]
        max_attempts = getattr(settings, "TAMKEEN_MESSAGE_MAX_ATTEMPTS", 6)
        if error.retryable and message.attempts < max_attempts:
            message.send_after = now + retry_delay(message.attempts)
        else:
            message.status = Message.Status.FAILED
            message.send_after = None
        _forget_secret(message)
        message.save(update_fields=["attempts", "last_error", "send_after", "status", "body"])
        if message.status == Message.Status.QUEUED:
            _enqueue(message.pk, message.send_after)
        return message
    message.status = result.status
    message.provider_reference = result.reference
    message.sent_at = now
    message.last_error = ""
    message.send_after = None
    _forget_secret(message)
    message.save(
        update_fields=[
            "attempts",
            "status",
            "provider_reference",
            "sent_at",
            "last_error",
            "send_after",
            "body",
        ]
    )
    return message


def _forget_secret(message: Message) -> None:
    """A one-time code is kept only until it has left (or can no longer leave): the log never shows it."""
    template = EVENTS.get(message.event)
    if message.status != Message.Status.QUEUED and template is not None and template.is_urgent:
        message.body = ""


def messages_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send every queued message whose time has come (after quiet hours, after a retry's wait)."""
    now = now or timezone.now()
    due = list(
        Message.objects.filter(
            Q(send_after__isnull=True) | Q(send_after__lte=now), status=Message.Status.QUEUED
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in due:
        if message_send(message_id=message_id, now=now).status in (
            Message.Status.SENT,
            Message.Status.DELIVERED,
        ):
            sent += 1
    return sent


@transaction.atomic
def in_app_message_mark_read(*, actor, message: Message) -> Message:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def _preference_for(*, member=None, user=None) -> Preference:
    if member is not None:
        preference, _ = Preference.objects.select_for_update().get_or_create(member=member)
    else:
        preference, _ = Preference.objects.select_for_update().get_or_create(user=user)
    return preference


@transaction.atomic
def preference_update(
    *, actor, member=None, user=None, language: str | None = None, is_opted_out: bool | None = None
) -> Preference:
    """A person's language and opt-out; codes and legally required notices are sent whatever they choose."""
    preference = _preference_for(member=member, user=user)
    values = {}
    if language is not None and language != preference.language:
        values["language"] = [preference.language, language]
        preference.language = language
    if is_opted_out is not None and is_opted_out != preference.is_opted_out:
        values["is_opted_out"] = [preference.is_opted_out, is_opted_out]
        preference.is_opted_out = is_opted_out
    if values:
        preference.save(update_fields=["language", "is_opted_out", "updated_at"])
        audit_record(
            actor=actor,
            action="message_preference.update",
            obj=preference,
            member_id=getattr(member, "pk", None),
            changes=values,
        )
    return preference


@transaction.atomic
def mobile_verify(*, actor, member, mobile: str) -> Preference:
    """The member proved this mobile by typing the code sent to it: messages and sign-in codes go there now."""
    preference = _preference_for(member=member)
    changes = {"mobile": [preference.mobile, mobile]}
    preference.mobile = mobile
    preference.mobile_verified_at = timezone.now()
    preference.save(update_fields=["mobile", "mobile_verified_at", "updated_at"])
    audit_record(
        actor=actor, action="member.mobile_verify", obj=preference, member_id=member.pk, changes=changes
    )
    return preference


@transaction.atomic
def registry_mobile_mark_wrong(*, actor, member, is_wrong: bool = True) -> Preference:
    """An office found that the roll's mobile reaches someone else: no code or message goes there."""
    from django.core.exceptions import PermissionDenied

    from tamkeen.registry.access import members_editable_by

    if not members_editable_by(actor).filter(pk=member.pk).exists():
        raise PermissionDenied
    preference = _preference_for(member=member)
    changes = {"is_registry_mobile_wrong": [preference.is_registry_mobile_wrong, is_wrong]}
    preference.is_registry_mobile_wrong = is_wrong
    preference.save(update_fields=["is_registry_mobile_wrong", "updated_at"])
    audit_record(
        actor=actor,
        action="member.registry_mobile_mark_wrong",
        obj=preference,
        member_id=member.pk,
        changes=changes,
    )
    return preference
