import time

import django_otp
from axes.helpers import get_client_ip_address, get_client_user_agent
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamkeen.accounts.models import Role, User, UserSession
from tamkeen.accounts.rules import (
    AUTHENTICATED_AT,
    HAS_SECOND_FACTOR,
    LAST_ACTIVITY,
    RECOVERY_CODE_COUNT,
    normalise_token,
)
from tamkeen.accounts.second_factor import RECOVERY_DEVICE_NAME, TOTP_DEVICE_NAME, has_second_factor
from tamkeen.core.audit import audit_record


@transaction.atomic
def user_upsert(*, actor, username: str, role: Role, password_hash: str, **fields) -> User:
    """Create or update a staff account (used by the seed and by administrators' scripts).

    Takes a hash (django.contrib.auth.hashers.make_password) so a batch of accounts costs one hashing.
    """
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **fields})
    if not created:
        for name, value in {"role": role, **fields}.items():
            setattr(user, name, value)
        user.save(update_fields=["role", *fields.keys()])
    user.password = password_hash
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.created" if created else "user.updated", obj=user)
    return user


# Sessions -----------------------------------------------------------------------------------------------------


def _client(request) -> tuple[str | None, str]:
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    agent = request.META.get("HTTP_USER_AGENT", "")
    return ip, (get_client_user_agent(request) if agent else "")


def _session_key(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def _store() -> type[SessionBase]:
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore


def session_started(*, user: User, request) -> UserSession:
    """Called on every sign-in (the password step): stamps the session and lists it among the user's sessions."""
    now = time.time()
    request.session[LAST_ACTIVITY] = now
    request.session[AUTHENTICATED_AT] = now
    request.session[HAS_SECOND_FACTOR] = has_second_factor(user)
    ip, agent = _client(request)
    moment = timezone.now()
    with transaction.atomic():
        row, _ = UserSession.objects.update_or_create(
            session_key=_session_key(request),
            defaults={
                "user": user,
                "ip_address": ip,
                "user_agent": agent,
                "started_at": moment,
                "last_seen_at": moment,
            },
        )
        stale = moment - timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        UserSession.objects.filter(user=user, last_seen_at__lt=stale).delete()
        audit_record(actor=user, action="signin.succeeded", obj=user, reason=ip or "")
    return row


def session_touch(*, user: User, request) -> None:
    """At most once a minute per session (see the middleware): no audit, it records use, not a change."""
    ip, agent = _client(request)
    key = _session_key(request)
    updated = UserSession.objects.filter(session_key=key, user=user).update(
        last_seen_at=timezone.now(), ip_address=ip
    )
    if not updated:
        UserSession.objects.create(session_key=key, user=user, ip_address=ip, user_agent=agent)


def session_ended(*, user: User | None, request, action: str = "signout") -> None:
    key = request.session.session_key
    with transaction.atomic():
        if key:
            UserSession.objects.filter(session_key=key).delete()
        if user is not None and user.is_authenticated:
            audit_record(actor=user, action=action, obj=user)


def _end_sessions(rows) -> int:
    store = _store()
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)


def sessions_end_others(*, actor: User, request) -> int:
    """Signs the user out everywhere but here."""
    with transaction.atomic():
        others = UserSession.objects.filter(user=actor).exclude(session_key=request.session.session_key)
        count = _end_sessions(others)
        audit_record(
            actor=actor, action="session.terminated", obj=actor, reason=f"other sessions ended: {count}"
        )
    return count


def password_changed(*, actor: User, request, previous_session_key: str | None) -> None:
    """After Django's password change: this session keeps its row under its new key, every other one ends."""
    with transaction.atomic():
        current = request.session.session_key
        if previous_session_key and previous_session_key != current:
            UserSession.objects.filter(session_key=previous_session_key).update(session_key=current)
        ended = _end_sessions(UserSession.objects.filter(user=actor).exclude(session_key=current))
        audit_record(
            actor=actor, action="user.password_changed", obj=actor, reason=f"other sessions ended: {ended}"
        )


def password_reset_completed(*, user: User) -> None:
    with transaction.atomic():
        ended = _end_sessions(UserSession.objects.filter(user=user))
        audit_record(actor=None, action="user.password_reset", obj=user, reason=f"sessions ended: {ended}")


def reauthenticated(*, actor: User, request) -> None:
    with transaction.atomic():
        request.session[AUTHENTICATED_AT] = time.time()
        audit_record(actor=actor, action="user.reauthenticated", obj=actor)


# Second factor ------------------------------------------------------------------------------------------------


def totp_device_prepare(*, actor: User) -> TOTPDevice:
    """The secret shown on the enrolment page; kept until confirmed so reloading the page keeps the same QR.

    Not audited: nothing about the account changes until the first code confirms it (totp_enrol_confirm).
    """
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=actor, name=TOTP_DEVICE_NAME, confirmed=False)


def recovery_codes_issue(*, actor: User) -> list[str]:
    """A fresh set of single-use recovery codes; the old set stops working. Shown once, never again."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=actor, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        audit_record(actor=actor, action="user.recovery_codes_issued", obj=actor)
    return codes


def totp_enrol_confirm(*, actor: User, device: TOTPDevice, token: str, request) -> list[str] | None:
    """Confirms the authenticator with its first code; returns the recovery codes, or None for a wrong code."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=actor, confirmed=False)
        if not device.verify_token(normalise_token(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        audit_record(actor=actor, action="user.second_factor_enrolled", obj=actor, reason="totp")
        codes = recovery_codes_issue(actor=actor)
    request.session[HAS_SECOND_FACTOR] = True
    request.session[AUTHENTICATED_AT] = time.time()
    django_otp.login(request, device)
    return codes


def second_factor_verify(*, user: User, token: str, request):
    """Checks a code from the authenticator or a recovery code (which is then used up); audits either way."""
    token = normalise_token(token)
    with transaction.atomic():
        device = None
        # A six-digit code goes to the authenticator, anything else to the recovery codes: trying a code on the
        # wrong kind of device would count as a wrong code there and slow down the next right one.
        kind = TOTPDevice if token.isdigit() and len(token) <= 8 else StaticDevice
        if token:
            for candidate in kind.objects.devices_for_user(user, confirmed=True).select_for_update():
                if candidate.verify_token(token):
                    device = candidate
                    break
        kind = "recovery code" if isinstance(device, StaticDevice) else "totp"
        if device is None:
            audit_record(actor=user, action="signin.second_factor_failed", obj=user)
        else:
            audit_record(actor=user, action="signin.second_factor_passed", obj=user, reason=kind)
    if device is not None:
        django_otp.login(request, device)
        request.session[AUTHENTICATED_AT] = time.time()
    return device


def demo_second_factor_enrol(*, usernames: list[str]) -> list[tuple[User, TOTPDevice]]:
    """For `tamkeen demo`: the named personas get a confirmed authenticator (kept across restarts)."""
    enrolled = []
    for user in User.objects.filter(username__in=usernames).order_by("username"):
        with transaction.atomic():
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
                audit_record(actor=None, action="user.second_factor_enrolled", obj=user, reason="demo")
        enrolled.append((user, device))
    return enrolled
