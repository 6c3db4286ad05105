"""Every URL the project defines, requested as every persona.

Each app lists its URLs' expectations in tamkeen/<app>/tests/access_cases.py. A URL without an
expectation fails this test, so no page can be added without saying who may open it. The whole matrix runs under
both case-worker scopes (TAMKEEN_CASEWORKER_SCOPE "office" and "caseload"); an expectation that differs between
them is written with tests.access.by_scope.
"""

from importlib import import_module

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import CASEWORKER_SCOPES, LOGIN, PERSONAS, AccessCase

# Django's own admin guards itself (staff only), and the language switch is public by design.
# The partner API (/api/v1, namespace "api") takes bearer tokens, not sessions: tamkeen/api/tests covers every
# operation with its scopes and entities instead.
EXEMPT_NAMESPACES = {"admin", "api"}
EXEMPT_NAMES = {"set_language"}


def defined_url_names(resolver=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            names |= defined_url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in EXEMPT_NAMES:
            names.add(f"{namespace}{entry.name}")
    return names


def collect_cases(world) -> list[AccessCase]:
    cases: list[AccessCase] = []
    for app in settings.TAMKEEN_APPS:
        try:
            module = import_module(f"{app}.tests.access_cases")
        except ModuleNotFoundError as error:
            # An app without pages (the demo) has no tests package, or no cases in it.
            if error.name not in (f"{app}.tests", f"{app}.tests.access_cases"):
                raise
            continue
        cases.extend(module.access_cases(world))
    return cases


def request(client, case: AccessCase):
    from django.urls import reverse

    url = reverse(case.url_name, kwargs=case.kwargs or None) + (f"?{case.query}" if case.query else "")
    if case.method == "post":
        return client.post(url, case.data or {})
    return client.get(url)


@pytest.mark.django_db
def test_every_url_has_an_expectation(world):
    covered = {case.url_name for case in collect_cases(world)}
    missing = sorted(defined_url_names() - covered)
    assert not missing, f"URLs without an access expectation: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("scope", CASEWORKER_SCOPES)
def test_every_persona_gets_what_the_matrix_says(world, client, settings, scope):
    settings.TAMKEEN_CASEWORKER_SCOPE = scope
    failures = []
    for case in collect_cases(world):
        for persona in ["anonymous", *PERSONAS]:
            client.logout()
            if persona != "anonymous":
                client.force_login(world.users[persona])
            response = request(client, case)
            expected = case.expected(persona)
            if expected == LOGIN:
                ok = response.status_code == 302 and settings.LOGIN_URL.split(":")[-1] in response.url
            else:
                ok = response.status_code == expected
            if not ok:
                failures.append(
                    f"[{scope}] {case.url_name} {case.kwargs} as {persona}: "
                    f"{response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)
