"""Responses to a signed-in user (or an API client) are never stored by a browser or a proxy (security.md §7).

Nearly every page a signed-in user sees shows someone's personal data; marking each view would leave the next
one forgotten, so the rule is applied once, here, to every response of an authenticated request.
"""

from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A partner system signs in with a bearer token, not a session: its answers hold personal data too.
        signed_in = (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
        if signed_in:
            # Whatever a view said about caching, "no-store" is the whole answer for personal data.
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True)
        return response
