"""Staff sessions: 30 minutes idle ends them (security rule 7), and a required second factor comes first (rule 2).

Sliding expiry by SESSION_SAVE_EVERY_REQUEST would write the session row on every request; this middleware
writes the session's "last activity" (and the sessions list's "last seen") at most once a minute, which is
all the precision a 30-minute rule needs.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tamkeen.accounts import services
from tamkeen.accounts.rules import HAS_SECOND_FACTOR, LAST_ACTIVITY, is_idle, needs_touch
from tamkeen.accounts.second_factor import has_second_factor, is_staff_account, second_factor_required

# What a signed-in person who still owes the second factor may open.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "accounts:second_factor_qr",
        "set_language",
        "core:healthz",
    }
)


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and is_staff_account(user):
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            timeout = settings.TAMKEEN_IDLE_TIMEOUT.total_seconds()
            if is_idle(last, now, timeout):
                request.tamkeen_signout_reason = "signout.idle"
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": int(timeout // 60)},
                )
                return redirect_to_login(request.get_full_path())
            if needs_touch(last, now):
                request.session[LAST_ACTIVITY] = now
                services.session_touch(user=user, request=request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not second_factor_required(user, request.session) or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.view_name in BEFORE_SECOND_FACTOR:
            return None
        if has_second_factor(user):
            target = "accounts:second_factor"
        elif settings.TAMKEEN_REQUIRE_SECOND_FACTOR:
            target = "accounts:second_factor_setup"
        else:
            # The authenticator was removed since sign-in; outside production nothing more is owed.
            request.session.pop(HAS_SECOND_FACTOR, None)
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
