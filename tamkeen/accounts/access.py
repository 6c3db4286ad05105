"""Role checks for views. Object-level visibility lives in each app's access.py."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tamkeen.accounts.models import Role


def role_required(*roles: Role) -> Callable:
    """Logged-out users go to the login page; logged-in users of another role get 403."""

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
