"""Sign-in throttling on top of django-axes (contracts: security rule 1).

The rule: after LIMIT failed sign-ins for one username, from any address, within WINDOW, that username cannot
sign in for COOL_OFF, even with the right password, and the page says so in the same words whether or not the
account exists.

Axes's own database handler keeps one running counter per (username, address, browser) that only resets after
a quiet cool-off, so ten failures spread over an hour would lock, and the counter is split by address. This
handler keeps axes's backend, middleware, signals, admin and failure log, and decides from the failure log
itself: each failure is a row, the window slides, and the failure that completes the tenth within the window
is marked as the lockout, which holds for COOL_OFF from that moment. Refused attempts during a lockout are
neither counted nor extend it, so a lockout really ends after fifteen minutes.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessFailureLog
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from tamkeen.core.audit import audit_record

# Failures are kept this long for the lockout decision and the admin's view; the audit trail keeps them for good.
FAILURE_LOG_RETENTION = timedelta(days=30)


def window() -> timedelta:
    return settings.TAMKEEN_SIGNIN_FAILURE_WINDOW


def cool_off() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def locked_until(username: str, *, now=None):
    """When the username's current lockout ends, or None when it may sign in."""
    now = now or timezone.now()
    started = (
        AccessFailureLog.objects.filter(username=username, locked_out=True, attempt_time__gt=now - cool_off())
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return started + cool_off() if started else None


def failures_within_window(username: str, *, now=None) -> int:
    now = now or timezone.now()
    return AccessFailureLog.objects.filter(username=username, attempt_time__gt=now - window()).count()


class SignInLockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username before any other backend checks the password.

    Calls without a request (scripts, tests) and calls whose credentials carry no username (the one-time-code
    sign-ins, which keep their own limits) pass through untouched to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class SignInLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        return locked_until(username, now=request.axes_attempt_time) is not None

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        return failures_within_window(username, now=request.axes_attempt_time)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return
        username = get_client_username(request, credentials)
        if not username:
            return
        request.axes_credentials = credentials
        user = get_user_model().objects.filter(username=username).first()
        if request.axes_locked_out:
            # Refused by the backend because a lockout holds: recorded in the trail, not counted.
            with transaction.atomic():
                _audit_failure(request, username, user, action="signin.refused_locked")
            return
        now = request.axes_attempt_time
        with transaction.atomic():
            reached = failures_within_window(username, now=now) + 1 >= get_failure_limit(request, credentials)
            AccessFailureLog.objects.create(
                username=username,
                ip_address=request.axes_ip_address,
                user_agent=request.axes_user_agent,
                http_accept=request.axes_http_accept,
                path_info=request.axes_path_info,
                locked_out=reached,
            )
            _audit_failure(request, username, user, action="signin.failed")
            if reached:
                _audit_failure(request, username, user, action="signin.locked_out")
        AccessFailureLog.objects.filter(attempt_time__lt=now - FAILURE_LOG_RETENTION).delete()
        if reached:
            request.axes_locked_out = True
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """`axes_reset_username` and the admin's reset lift a lockout by forgetting the recent failures."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        failures = AccessFailureLog.objects.filter(
            attempt_time__gt=timezone.now() - max(window(), cool_off())
        )
        if ip_or_username:
            failures = failures.filter(username=username) | failures.filter(ip_address=ip_address)
        else:
            if username:
                failures = failures.filter(username=username)
            if ip_address:
                failures = failures.filter(ip_address=ip_address)
        deleted, _ = failures.delete()
        return count + deleted


def _audit_failure(request, username: str, user, *, action: str) -> None:
    # A username that no account has is not written down: it may be a password typed in the wrong field.
    audit_record(
        actor=getattr(request, "user", None),
        action=action,
        obj=user,
        object_type="" if user else "accounts.user",
        reason=f"{request.axes_ip_address or ''}"
        if user
        else f"{request.axes_ip_address or ''} (unknown account)",
    )


def lockout_response(request, original_response=None, credentials=None):
    """The pages that sign people in show the lockout themselves; anything else gets the plain lockout page."""
    if original_response is not None and getattr(original_response, "shows_lockout", False):
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"cool_off_minutes": int(cool_off().total_seconds() // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
