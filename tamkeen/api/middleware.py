"""Everything under /api/v1 answers errors as problem+json (unknown paths, wrong methods, crashes included),
and a POST with an Idempotency-Key is answered once: the same key and body replay the first answer."""

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from tamkeen.api.auth import bearer_token
from tamkeen.api.models import IdempotencyRecord
from tamkeen.api.problems import PROBLEM_TYPE, problem_response
from tamkeen.api.services import token_client

API_PREFIX = "/api/v1/"
TOKEN_PATH = "/api/v1/token"
logger = logging.getLogger("tamkeen.api")


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX) or request.path == API_PREFIX.rstrip("/")


def as_problem(response) -> HttpResponse:
    """An error answer that did not come from the API's own handlers (Django's 404, 405, 500) as a problem."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(PROBLEM_TYPE):
        return response
    replaced = problem_response(response.status_code)
    if response.has_header("Allow"):
        replaced["Allow"] = response["Allow"]
    return replaced


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api(request):
            return self.get_response(request)
        key = request.headers.get("Idempotency-Key")
        if request.method == "POST" and key is not None and request.path != TOKEN_PATH:
            return self._idempotent(request, key)
        return as_problem(self.get_response(request))

    def process_exception(self, request, exception):
        if not is_api(request):
            return None
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exception)
        return problem_response(500, "server_error")

    def _idempotent(self, request, key: str):
        client = token_client(bearer_token(request))
        if client is None:
            return as_problem(self.get_response(request))  # the API answers 401 itself
        if not (0 < len(key) <= 255 and key.isprintable()):
            return problem_response(
                422,
                "validation_error",
                errors=[
                    {
                        "field": "Idempotency-Key",
                        "code": "invalid_idempotency_key",
                        "message": _("Give a key of 1 to 255 printable characters."),
                    }
                ],
            )
        fingerprint = hashlib.sha256(
            b"\n".join([request.method.encode(), request.get_full_path().encode(), request.body])
        ).hexdigest()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    client=client, key=key, method=request.method, path=request.path, request_hash=fingerprint
                )
        except IntegrityError:
            first = IdempotencyRecord.objects.get(client=client, key=key)
            if first.request_hash != fingerprint:
                return problem_response(
                    409,
                    "idempotency_key_reused",
                    _("This Idempotency-Key was used with another request."),
                )
            if first.status_code is None:
                return problem_response(
                    409,
                    "idempotency_request_in_progress",
                    _("The first request with this Idempotency-Key is still being processed."),
                )
            replay = HttpResponse(
                bytes(first.body), status=first.status_code, content_type=first.content_type
            )
            replay["Idempotency-Replayed"] = "true"
            return replay
        response = as_problem(self.get_response(request))
        if response.status_code >= 500 or response.status_code in (401, 429):
            # Nothing was done (or we cannot tell): the client may try the same key again.
            record.delete()
        else:
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status_code=response.status_code,
                content_type=response.get("Content-Type", ""),
                body=response.content,
            )
        return response
