"""Small pieces every group of operations uses."""

from django.utils.translation import gettext as _

from tamkeen.api.auth import requires
from tamkeen.api.problems import ApiProblem


def scoped(scope: str) -> dict:
    """The operation's auth, and its scope in the OpenAPI document."""
    return {"auth": requires(scope), "openapi_extra": {"x-scopes": [scope]}}


def not_found() -> ApiProblem:
    return ApiProblem(404, "not_found")


def unprocessable(field: str, code: str, message: str = "") -> ApiProblem:
    message = message or _("This value is not valid.")
    return ApiProblem(
        422, "validation_error", message, errors=[{"field": field, "code": code, "message": message}]
    )


def next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
