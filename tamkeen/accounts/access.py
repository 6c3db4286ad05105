"""Role checks for views. Object-level visibility lives in each app's access.py."""

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tamkeen.accounts.models import Role
from tamkeen.accounts.rules import AUTHENTICATED_AT, is_recent


def role_required(*roles: Role) -> Callable:
    """Logged-out users go to the login page; logged-in users of another role get 403.

    ``Role.MANAGER`` admits the national manager too: a manager's page reads whatever ``regions_visible_to``
    gives, one region or all of them, so the pages need not list both roles.
    """
    if Role.MANAGER in roles and Role.NATIONAL_MANAGER not in roles:
        roles = (*roles, Role.NATIONAL_MANAGER)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def regions_visible_to(user) -> list[int] | None:
    """The regions whose records a manager reads: ``None`` for every region (the national manager), the
    regional manager's own, or none at all. The one place a region is a scope; see ``in_visible_regions``."""
    if not getattr(user, "is_authenticated", False) or not user.is_manager:
        return []
    if user.is_national_manager:
        return None
    return [user.region_id] if user.region_id else []


def in_visible_regions(queryset, user, field: str = "region_id"):
    """``queryset`` narrowed to the manager's regions through ``field`` (e.g. ``"office__region_id"``)."""
    regions = regions_visible_to(user)
    if regions is None:
        return queryset
    if not regions:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": regions})


def staff_required(view):
    """Every signed-in role but the beneficiary (whose pages are the portal's)."""
    return role_required(*(role for role in Role if role != Role.BENEFICIARY))(view)


def recent_auth_required(minutes: int = 15) -> Callable:
    """Bulk exports and merges ask for the password again (and the second factor, once enrolled) when the last
    authentication is older than `minutes`; afterwards the person comes back to the page.

    A GET comes back to itself. A POST (a merge) cannot be replayed safely, so it comes back to the page it was
    sent from, where the person repeats it.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if is_recent(request.session.get(AUTHENTICATED_AT), time.time(), minutes):
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                back = request.get_full_path()
            else:
                referer = request.META.get("HTTP_REFERER", "")
                safe = url_has_allowed_host_and_scheme(
                    referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
                )
                back = referer if safe else ""
            query = urlencode({"next": back}) if back else ""
            return redirect(f"{reverse('accounts:confirm')}{'?' + query if query else ''}")

        wrapped.recent_auth_minutes = minutes
        return wrapped

    return decorator
