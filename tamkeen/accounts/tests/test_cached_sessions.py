"""Sessions read from the shared cache (cached_db, the engine when REDIS_URL is set) end exactly as database ones:
at sign-out, by "sign out everywhere else" and by a password change; and a page no longer reads django_session."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tamkeen.accounts.tests.test_signin_flows import PASSWORD, sign_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("cached_sessions"),
]


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def nora(world):
    world.worker_sby.set_password(PASSWORD)
    world.worker_sby.save(update_fields=["password"])
    return world.worker_sby


def test_a_page_reads_its_session_from_the_cache(nora):
    client = Client()
    sign_in(client, nora)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_signed_out_session_cookie_opens_nothing(nora):
    client = Client()
    sign_in(client, nora)
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert replay.get(reverse("core:home")).status_code == 302


def test_signing_out_everywhere_else_and_a_new_password_end_the_cached_sessions(nora):
    phone, office, laptop = Client(), Client(), Client()
    for client in (phone, office, laptop):
        sign_in(client, nora)
        assert client.get(reverse("core:home")).status_code == 200  # now in the cache
    assert office.post(reverse("accounts:sessions_end_others")).status_code == 302
    assert phone.get(reverse("core:home")).status_code == 302
    assert laptop.get(reverse("core:home")).status_code == 302
    assert office.get(reverse("core:home")).status_code == 200

    sign_in(laptop, nora)
    assert laptop.get(reverse("core:home")).status_code == 200
    office.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert laptop.get(reverse("core:home")).status_code == 302
    assert office.get(reverse("core:home")).status_code == 200
