"""POST /api/v1/token: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4)."""

import base64
import binascii
from urllib.parse import unquote

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Form, Router

from tamkeen.api.problems import ApiProblem
from tamkeen.api.schemas import Problem, TokenOut
from tamkeen.api.services import client_authenticate, token_issue

router = Router(tags=["auth"])


def _basic_credentials(request) -> tuple[str, str]:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return "", ""
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    client_id, _sep, secret = decoded.partition(":")
    return unquote(client_id), unquote(secret)


@router.post(
    "/token",
    response={200: TokenOut, 400: Problem, 401: Problem, 422: Problem, 429: Problem},
    operation_id="createToken",
    summary="Get a bearer token (client credentials)",
    description=(
        "Form fields `grant_type=client_credentials`, `client_id`, `client_secret` (or the id and secret "
        "in HTTP Basic). The token lives at most 3600 seconds; get a new one when it expires."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "examples": {
                        "credentials": {
                            "value": {
                                "grant_type": "client_credentials",
                                "client_id": "cl_3f9a0c1d2e4b5a6c7d8e",
                                "client_secret": "cs_…",
                            }
                        }
                    }
                }
            }
        }
    },
)
def create_token(
    request,
    response: HttpResponse,
    grant_type: Form[str],
    client_id: Form[str | None] = None,
    client_secret: Form[str | None] = None,
):
    if grant_type != "client_credentials":
        raise ApiProblem(
            400,
            "unsupported_grant_type",
            _("Only grant_type=client_credentials is supported."),
            extra={"error": "unsupported_grant_type"},
        )
    basic_id, basic_secret = _basic_credentials(request)
    client = client_authenticate((client_id or basic_id).strip(), (client_secret or basic_secret).strip())
    if client is None:
        raise ApiProblem(
            401,
            "invalid_client",
            _("The client id or secret is wrong, or the client has been revoked."),
            extra={"error": "invalid_client"},
        )
    raw, seconds = token_issue(client=client)
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return {"access_token": raw, "token_type": "Bearer", "expires_in": seconds}
