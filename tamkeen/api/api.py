"""The partner API, /api/v1 (contracts/api.md): django-ninja generates the OpenAPI 3.1 document from the code."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from tamkeen.api.problems import PROBLEM_TYPE, ApiProblem, from_problem, problem_response, validation_errors

logger = logging.getLogger("tamkeen.api")

DESCRIPTION = """The partner API of Tamkeen. Enabling entities read the referrals sent to them, move them
through their lifecycle, publish opportunities, report outcomes and receive signed webhooks.

Get a token with the OAuth 2.0 client-credentials grant at `POST /api/v1/token`, then send
`Authorization: Bearer <token>`. Every error is `application/problem+json` (RFC 9457) with a stable `code`;
`title` and `detail` follow `Accept-Language` (Arabic by default, English). The integrator's guide is
`docs/api.md`."""


class TamkeenAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return finish_schema(schema)


def finish_schema(schema) -> dict:
    """Name each operation's scope in its security, and serve errors as problem+json."""
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            scopes = operation.pop("x-scopes", None)
            if scopes is not None:
                operation["security"] = [{"ClientCredentials": scopes}]
            elif "security" not in operation:
                operation["security"] = []
            for status, response in operation.get("responses", {}).items():
                if str(status).isdigit() and int(status) >= 400 and "content" in response:
                    content = response["content"]
                    response["content"] = {PROBLEM_TYPE: next(iter(content.values()))}
    return schema


api = TamkeenAPI(
    title="Tamkeen partner API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    openapi_extra={"info": {"contact": {"name": "Tamkeen"}}},
)


@api.exception_handler(ApiProblem)
def _problem(request, exc: ApiProblem):
    return from_problem(exc)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return problem_response(422, "validation_error", errors=validation_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem_response(401, "unauthenticated")


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    return problem_response(429, "rate_limited", headers={"Retry-After": str(int(exc.wait or 60))})


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problem_response(exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(404, "not_found")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem_response(403, "forbidden")


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(500, "server_error")


# Routes register on the api above.
from tamkeen.api.endpoints import batches, opportunities, referrals, token, webhooks  # noqa: E402

api.add_router("", token.router)
api.add_router("/referrals", referrals.router)
api.add_router("/opportunities", opportunities.router)
api.add_router("/webhooks", webhooks.router)
api.add_router("", batches.router)
