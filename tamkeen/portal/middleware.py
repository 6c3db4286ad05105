from django.conf import settings

from . import rules


class BeneficiarySessionMiddleware:
    """A beneficiary's session ends after 30 idle minutes: each request pushes the end forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and getattr(user, "is_beneficiary", False):
            idle = getattr(settings, "TAMKEEN_PORTAL_IDLE_MINUTES", rules.IDLE_MINUTES)
            request.session.set_expiry(idle * 60)
        return self.get_response(request)
