"""Security rule 1: ten failed sign-ins for a username within fifteen minutes pause it for fifteen minutes.

Nora (a Sabya case worker) is the target; an attacker guesses her password from many addresses.
"""

import re
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.contrib.auth import authenticate
from django.db.models import F
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tamkeen.core.models import AuditEvent

PASSWORD = "correct-horse-battery"
LOCKED_WORDS = "Too many failed sign-ins with this username"


@pytest.fixture
def nora(world):
    world.worker_sby.set_password(PASSWORD)
    world.worker_sby.save(update_fields=["password"])
    return world.worker_sby


def sign_in(client, username, password, address="203.0.113.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def fail(client, username, times, first_address=1):
    for n in range(times):
        response = sign_in(client, username, f"guess-{n}", address=f"198.51.100.{first_address + n}")
    return response


def time_passes(minutes: float) -> None:
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_nine_failures_do_not_stop_the_right_password(client, nora):
    fail(client, nora.username, 9)
    response = sign_in(client, nora.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(nora.pk)


def test_ten_failures_from_ten_addresses_lock_the_username_even_for_the_right_password(client, nora):
    tenth = fail(client, nora.username, 10)
    assert tenth.status_code == 429
    assert LOCKED_WORDS in tenth.text
    response = sign_in(client, nora.username, PASSWORD, address="192.0.2.77")
    assert response.status_code == 429
    assert LOCKED_WORDS in response.text
    assert "_auth_user_id" not in client.session


def test_an_unknown_username_gets_the_same_answers_as_a_real_one(client, nora):
    real = [sign_in(client, nora.username, "wrong-password").text]
    unknown = [sign_in(client, "nobody.here", "wrong-password").text]
    fail(client, nora.username, 9)
    fail(client, "nobody.here", 9)
    real.append(sign_in(client, nora.username, PASSWORD).text)
    unknown.append(sign_in(client, "nobody.here", PASSWORD).text)

    def scrub(page, username):
        return re.sub(
            r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "CSRF", page.replace(username, "U")
        )

    assert scrub(real[0], nora.username) == scrub(unknown[0], "nobody.here")
    assert scrub(real[1], nora.username) == scrub(unknown[1], "nobody.here")
    assert LOCKED_WORDS in unknown[1]


def test_the_lockout_ends_fifteen_minutes_after_it_began(client, nora):
    fail(client, nora.username, 10)
    time_passes(14)
    assert sign_in(client, nora.username, PASSWORD).status_code == 429
    time_passes(1.01)
    response = sign_in(client, nora.username, PASSWORD)
    assert response.status_code == 302


def test_attempts_during_a_lockout_neither_count_nor_extend_it(client, nora):
    fail(client, nora.username, 10)
    time_passes(10)
    fail(client, nora.username, 5, first_address=50)
    time_passes(5.01)
    assert AccessFailureLog.objects.filter(username=nora.username).count() == 10
    assert sign_in(client, nora.username, PASSWORD).status_code == 302


def test_failures_older_than_the_window_do_not_count(client, nora):
    fail(client, nora.username, 9)
    time_passes(15.01)
    fail(client, nora.username, 9, first_address=20)
    response = sign_in(client, nora.username, PASSWORD)
    assert response.status_code == 302


def test_another_username_is_not_affected(client, nora, world):
    world.supervisor_sby.set_password(PASSWORD)
    world.supervisor_sby.save(update_fields=["password"])
    fail(client, nora.username, 10)
    assert sign_in(client, world.supervisor_sby.username, PASSWORD).status_code == 302


def test_failures_and_the_lockout_are_in_the_trail_without_the_password(client, nora):
    fail(client, nora.username, 10)
    sign_in(client, nora.username, PASSWORD)
    events = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(nora.pk))
    assert events.filter(action="signin.failed").count() == 10
    assert events.filter(action="signin.locked_out").count() == 1
    assert events.filter(action="signin.refused_locked").count() == 1
    assert events.filter(action="signin.failed").first().reason == "198.51.100.10"
    for event in AuditEvent.objects.all():
        text = f"{event.reason} {event.changes} {event.object_id}"
        assert PASSWORD not in text and "guess-" not in text
    for failure in AccessFailureLog.objects.all():
        assert "guess-" not in str(failure.__dict__)


def test_authenticate_without_a_request_still_works(nora):
    assert authenticate(username=nora.username, password=PASSWORD) == nora
    assert authenticate(username=nora.username, password="wrong") is None


class NationalIdBackend:
    """Stands for a sign-in by other credentials, like a beneficiary's one-time code."""

    def authenticate(self, request, national_id=None, code=None):
        from tamkeen.accounts.models import User

        if national_id == "ok" and code == "123456":
            return User.objects.get(username="worker_sby")
        return None

    def get_user(self, user_id):
        return None


@override_settings(
    AUTHENTICATION_BACKENDS=[
        "tamkeen.accounts.lockout.SignInLockoutBackend",
        "django.contrib.auth.backends.ModelBackend",
        "tamkeen.accounts.tests.test_lockout.NationalIdBackend",
    ]
)
def test_other_credentials_pass_through_and_are_not_counted(nora):
    request = RequestFactory().post("/portal/")
    for _ in range(12):
        assert authenticate(request, national_id="ok", code="000000") is None
    assert authenticate(request, national_id="ok", code="123456") == nora
    assert not AccessFailureLog.objects.exists()
