"""Every way of signing in or out (our pages, the admin's, a test's force_login) passes through these."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from tamkeen.accounts import services


@receiver(user_logged_in, dispatch_uid="tamkeen.accounts.signed_in")
def signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.session_started(user=user, request=request)


@receiver(user_logged_out, dispatch_uid="tamkeen.accounts.signed_out")
def signed_out(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        action = getattr(request, "tamkeen_signout_reason", "signout")
        services.session_ended(user=user, request=request, action=action)
