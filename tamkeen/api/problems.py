"""RFC 9457 problem details for every error of the API, in the language of Accept-Language (Arabic first).

Every error leaves the API as ``application/problem+json`` with ``type``, ``title``, ``status``, ``detail``
and a stable ``code``; validation errors add ``errors: [{field, code, message}]``.
"""

import json
import logging

from django.http import HttpResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

PROBLEM_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:tamkeen:problem:"

logger = logging.getLogger("tamkeen.api")

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid request"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
}

DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
}


def default_detail(status: int) -> str:
    details = {
        400: _("The request could not be read."),
        401: _("Send a valid bearer token (POST /api/v1/token) in the Authorization header."),
        403: _("This client may not do this."),
        404: _("There is nothing here, or it is not yours to see."),
        405: _("This path does not accept this method."),
        409: _("The request conflicts with the current state."),
        422: _("Some fields are missing or not valid."),
        429: _("This client sent too many requests; wait and try again."),
        500: _("Something went wrong on our side. It has been logged; try again later."),
    }
    return details.get(status, details[500] if status >= 500 else details[400])


class ApiProblem(Exception):
    """An error answered as problem+json; raise it from any operation or check."""

    def __init__(
        self,
        status: int,
        code: str = "",
        detail: str = "",
        *,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict | None = None,
    ):
        super().__init__(detail or code)
        self.status = status
        self.code = code or DEFAULT_CODES.get(status, "error")
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra or {}


def problem_body(status: int, code: str = "", detail: str = "", errors=None, extra=None) -> dict:
    code = code or DEFAULT_CODES.get(status, "server_error" if status >= 500 else "error")
    title = TITLES.get(status) or (TITLES[500] if status >= 500 else TITLES[400])
    body = {
        "type": TYPE_PREFIX + code,
        "title": str(title),
        "status": status,
        "detail": str(detail or default_detail(status)),
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return body


def problem_response(
    status: int, code: str = "", detail: str = "", *, errors=None, headers=None, extra=None
) -> HttpResponse:
    body = problem_body(status, code, detail, errors, extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{PROBLEM_TYPE}; charset=utf-8"
    )
    response["Content-Language"] = (get_language() or "ar")[:2]
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="tamkeen"'
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_problem(problem: ApiProblem) -> HttpResponse:
    return problem_response(
        problem.status,
        problem.code,
        problem.detail,
        errors=problem.errors,
        headers=problem.headers,
        extra=problem.extra,
    )


def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("string_too_long", "too_long"):
        return _("This value is too long.")
    if kind in ("string_too_short", "too_short"):
        return _("This value is too short.")
    if kind in ("enum", "literal_error"):
        return _("This value is not one of the allowed choices.")
    if kind.startswith(("greater_than", "less_than")):
        return _("This number is out of range.")
    if "date" in kind or "datetime" in kind:
        return _("Give a date as YYYY-MM-DD (or a date-time in ISO 8601).")
    if kind.startswith(("int", "float", "decimal")):
        return _("Give a number.")
    if kind == "model_attributes_type" or kind == "dict_type":
        return _("Give a JSON object.")
    if kind == "list_type":
        return _("Give a list.")
    return _("This value is not valid.")


def validation_errors(errors: list[dict]) -> list[dict]:
    """ninja's pydantic errors → [{field, code, message}]; the field is the path inside the request part."""
    result = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        # The first element says where (body, query, path, form, header); the rest is the field.
        field = ".".join(location[1:]) if len(location) > 1 else (location[0] if location else "")
        if location and location[0] == "body" and len(location) > 2:
            # ninja wraps the body in the parameter's name; partners know only the fields they sent.
            field = ".".join(location[2:])
        result.append(
            {"field": field, "code": error.get("type", "invalid"), "message": _field_message(error)}
        )
    return result
