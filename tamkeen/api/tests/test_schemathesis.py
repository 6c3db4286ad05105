"""Property-based: generated requests for every operation of the live OpenAPI document, sent with a client's
token, never get a server error nor an answer that breaks the document (status, content type, schema)."""

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tamkeen.api.services import api_client_create, token_issue
from tamkeen.api.tests.stories import referral_stories

EXAMPLES_PER_OPERATION = 10
BUDGET_SECONDS = 120
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def connections_kept_open():
    """As Django's test client does: the WSGI handler must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_generated_requests_never_break_the_api_or_its_document(world, connections_kept_open):
    from config.wsgi import application

    referral_stories(world)
    client, _secret = api_client_create(actor=None, entity=world.trainer)
    client.requests_per_minute = 1_000_000
    client.save(update_fields=["requests_per_minute"])
    token, _seconds = token_issue(client=client)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures = []
    tried = []
    started = time.monotonic()
    for operation in operations:
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        tried.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as error:  # one report for every operation, not only the first
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    assert len(tried) == len(operations), f"only {tried} within {BUDGET_SECONDS} s"
