"""Sign-in beyond the password: the second factor, the idle limit, confirming before bulk exports and merges,
changing and resetting the password, and one's own sessions.

Abdulrahman (the regional manager) enrols an authenticator; Nora (a Sabya case worker) does not.
"""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tamkeen.accounts.models import UserSession
from tamkeen.accounts.rules import AUTHENTICATED_AT, LAST_ACTIVITY
from tamkeen.core.models import AuditEvent

PASSWORD = "correct-horse-battery"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def people(world):
    for user in (world.worker_sby, world.manager, world.supervisor_sby):
        user.set_password(PASSWORD)
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["password", "email"])
    return world


def sign_in(client, user, password=PASSWORD, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, **EN)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{value:0{device.digits}d}"


def set_session(client, **values):
    session = client.session
    for key, value in values.items():
        session[key] = value
    session.save()


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    """Through the pages: open the set-up, read the QR code, confirm with the app's first code."""
    assert client.get(reverse("accounts:second_factor_setup"), **EN).status_code == 200
    qr = client.get(reverse("accounts:second_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:second_factor_setup"), {"token": code_for(device)}, **EN)
    assert response.status_code == 302 and reverse("accounts:recovery_codes") in response.url
    page = client.get(response.url, **EN).text
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10
    # Shown once, grouped for reading; afterwards only how many are left.
    assert all(f"{code[:4]}-{code[4:]}" in page for code in codes)
    again = client.get(reverse("accounts:recovery_codes"), **EN).text
    assert not any(f"{code[:4]}-{code[4:]}" in again for code in codes)
    assert "10 unused recovery codes" in again
    device.refresh_from_db()
    return device, codes


# Second factor --------------------------------------------------------------------------------------------------


def test_an_enrolled_manager_needs_the_code_after_the_password(client, people):
    manager = people.manager
    sign_in(client, manager)
    device, _ = enrol(client, manager)
    assert AuditEvent.objects.filter(action="user.second_factor_enrolled", object_id=str(manager.pk)).exists()
    client.post(reverse("accounts:logout"))

    response = sign_in(client, manager, next_url=reverse("reports:dashboard"))
    assert response.status_code == 302
    # Every page now leads to the code, and back to where the manager was going.
    blocked = client.get(reverse("reports:dashboard"))
    assert blocked.status_code == 302 and blocked.url.startswith(reverse("accounts:second_factor"))
    wrong = client.post(blocked.url, {"token": "000000"}, **EN)
    assert wrong.status_code == 200 and "not valid" in wrong.text
    # A wrong code makes the next try wait a moment (django-otp's throttle); the moment passes.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    # The next step's code (the one used at enrolment cannot be used twice).
    passed = client.post(blocked.url, {"token": code_for(device, steps_ahead=1)})
    assert passed.status_code == 302 and passed.url == reverse("reports:dashboard")
    assert client.get(reverse("reports:dashboard")).status_code == 200
    assert (
        AuditEvent.objects.filter(action="signin.second_factor_failed", object_id=str(manager.pk)).count()
        == 1
    )
    assert AuditEvent.objects.filter(action="signin.second_factor_passed", reason="totp").count() == 1


def test_a_recovery_code_signs_in_once(client, people):
    manager = people.manager
    sign_in(client, manager)
    _, codes = enrol(client, manager)
    client.post(reverse("accounts:logout"))

    sign_in(client, manager)
    spoken = f"{codes[0][:4].upper()} {codes[0][4:].upper()}"  # read aloud from paper: spaces, capitals
    response = client.post(reverse("accounts:second_factor"), {"token": spoken})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action="signin.second_factor_passed", reason="recovery code").exists()
    client.post(reverse("accounts:logout"))

    sign_in(client, manager)
    reused = client.post(reverse("accounts:second_factor"), {"token": codes[0]}, **EN)
    assert reused.status_code == 200 and "not valid" in reused.text
    assert client.get(reverse("core:home")).status_code == 302
    assert StaticToken.objects.filter(device__user=manager).count() == 9


def test_without_an_authenticator_the_password_is_enough_outside_production(client, people):
    sign_in(client, people.worker_sby)
    assert client.get(reverse("core:home")).status_code == 200


def test_in_production_every_staff_role_must_enrol_first(client, people, settings):
    settings.TAMKEEN_REQUIRE_SECOND_FACTOR = True
    sign_in(client, people.worker_sby)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:second_factor_setup"))
    enrol(client, people.worker_sby)
    assert client.get(reverse("core:home")).status_code == 200


# Idle limit -------------------------------------------------------------------------------------------------------


def test_thirty_minutes_idle_ends_the_session(client, people):
    sign_in(client, people.worker_sby)
    set_session(client, **{LAST_ACTIVITY: time.time() - 29 * 60})
    assert client.get(reverse("core:home")).status_code == 200
    assert client.session[LAST_ACTIVITY] > time.time() - 5  # sliding: the visit counted as activity

    set_session(client, **{LAST_ACTIVITY: time.time() - 31 * 60})
    response = client.get(reverse("core:home"), **EN)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(user=people.worker_sby).exists()
    assert AuditEvent.objects.filter(action="signout.idle", object_id=str(people.worker_sby.pk)).exists()
    login_page = client.get(response.url, **EN)
    assert "30 minutes without activity" in login_page.text


def test_a_busy_session_writes_its_last_activity_at_most_once_a_minute(client, people):
    sign_in(client, people.worker_sby)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as quiet:
        client.get(reverse("core:home"))
    writes = [q["sql"] for q in quiet.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert writes == []

    set_session(client, **{LAST_ACTIVITY: time.time() - 61})
    with CaptureQueriesContext(connection) as touched:
        client.get(reverse("core:home"))
    writes = [q["sql"] for q in touched.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert any("accounts_usersession" in sql for sql in writes)
    assert any("django_session" in sql for sql in writes)


# Confirming before bulk exports and merges ------------------------------------------------------------------------


def test_an_export_asks_for_the_password_when_the_last_one_is_old(client, people):
    sign_in(client, people.manager)
    export = reverse("reports:export", kwargs={"name": "trend", "fmt": "csv"}) + "?year=1446&calendar=hijri"
    assert client.get(export).status_code == 200

    set_session(client, **{AUTHENTICATED_AT: time.time() - 16 * 60})
    asked = client.get(export)
    assert asked.status_code == 302 and asked.url.startswith(reverse("accounts:confirm"))
    wrong = client.post(asked.url, {"password": "not-it", "next": export}, **EN)
    assert wrong.status_code == 200 and "not your password" in wrong.text
    right = client.post(asked.url, {"password": PASSWORD, "next": export})
    assert right.status_code == 302 and right.url == export
    assert client.get(export).status_code == 200
    assert AuditEvent.objects.filter(action="user.reauthenticated", object_id=str(people.manager.pk)).exists()


def test_an_enrolled_person_confirms_with_the_code_too(client, people):
    manager = people.manager
    sign_in(client, manager)
    device, _ = enrol(client, manager)
    set_session(client, **{AUTHENTICATED_AT: time.time() - 16 * 60})
    export = reverse("reports:export", kwargs={"name": "trend", "fmt": "csv"}) + "?year=1446&calendar=hijri"
    asked = client.get(export)
    without_code = client.post(asked.url, {"password": PASSWORD, "next": export})
    assert without_code.status_code == 200
    with_code = client.post(asked.url, {"password": PASSWORD, "token": code_for(device, 1), "next": export})
    assert with_code.status_code == 302 and with_code.url == export


def test_a_stale_merge_goes_to_confirm_and_back_to_the_pair_page(client, people):
    sign_in(client, people.supervisor_sby)
    set_session(client, **{AUTHENTICATED_AT: time.time() - 16 * 60})
    pair_page = "http://testserver" + reverse("dedup:queue")
    response = client.post(reverse("dedup:merge", kwargs={"pk": 1}), {"survivor": 1}, HTTP_REFERER=pair_page)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm"))
    assert "next=http%3A%2F%2Ftestserver%2Fdedup%2F" in response.url


def test_failed_confirmations_count_towards_the_lockout(client, people):
    sign_in(client, people.worker_sby)
    for n in range(10):
        response = client.post(reverse("accounts:confirm"), {"password": f"guess-{n}"}, **EN)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text


# Password change and reset ----------------------------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_ends_the_others(people):
    here, elsewhere = Client(), Client()
    sign_in(here, people.worker_sby)
    sign_in(elsewhere, people.worker_sby)
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302 and response.url == reverse("accounts:password_change_done")
    assert here.get(reverse("core:home")).status_code == 200
    assert elsewhere.get(reverse("core:home")).status_code == 302
    assert UserSession.objects.filter(user=people.worker_sby).count() == 1
    event = AuditEvent.objects.get(action="user.password_changed")
    assert "a-new-long-passphrase" not in f"{event.reason}{event.changes}"


def test_a_forgotten_password_is_reset_by_an_emailed_link(client, people):
    nora = people.worker_sby
    response = client.post(reverse("accounts:password_reset"), {"email": nora.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [nora.email]
    assert "تمكين" in message.subject  # Arabic, the default language
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path)
    assert form_page.status_code == 302  # Django hides the token behind a session-bound URL
    saved = client.post(
        form_page.url, {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert saved.status_code == 302 and saved.url == reverse("accounts:password_reset_complete")
    assert sign_in(client, nora, "a-new-long-passphrase").status_code == 302
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(nora.pk)).exists()
    # The link works once.
    assert "already been used" in client.get(path, follow=True, **EN).text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, people):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


# Own sessions ------------------------------------------------------------------------------------------------------


def test_nora_sees_her_sessions_and_signs_out_everywhere_else(people):
    phone, office = Client(HTTP_USER_AGENT="Phone browser"), Client(HTTP_USER_AGENT="Office browser")
    phone.post(
        reverse("accounts:login"), {"username": "worker_sby", "password": PASSWORD}, REMOTE_ADDR="192.0.2.5"
    )
    office.post(
        reverse("accounts:login"), {"username": "worker_sby", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    page = office.get(reverse("accounts:sessions"), **EN).text
    assert "Phone browser" in page and "Office browser" in page and "192.0.2.5" in page

    response = office.post(reverse("accounts:sessions_end_others"))
    assert response.status_code == 302
    assert phone.get(reverse("core:home")).status_code == 302
    assert office.get(reverse("core:home")).status_code == 200
    assert list(UserSession.objects.filter(user=people.worker_sby).values_list("user_agent", flat=True)) == [
        "Office browser"
    ]
    assert AuditEvent.objects.filter(action="session.terminated", reason="other sessions ended: 1").exists()


def test_sign_ins_and_sign_outs_are_in_the_trail(client, people):
    sign_in(client, people.worker_sby)
    client.post(reverse("accounts:logout"))
    actions = list(
        AuditEvent.objects.filter(object_id=str(people.worker_sby.pk), object_type="accounts.user")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["signin.succeeded", "signout"]


def test_the_demo_enrols_the_admin_and_the_manager_and_prints_their_secrets(db):
    from tamkeen.accounts.models import Role, User
    from tamkeen.accounts.seed import demo_second_factor_banner

    for username, role in (
        ("admin", Role.ADMIN),
        ("manager.jazan", Role.MANAGER),
        ("worker.sby", Role.AUDITOR),
    ):
        User.objects.create(username=username, role=role)
    banner = demo_second_factor_banner()
    devices = {d.user.username: d for d in TOTPDevice.objects.filter(confirmed=True).select_related("user")}
    assert set(devices) == {"admin", "manager.jazan"}
    for device in devices.values():
        assert device.config_url in banner
    assert demo_second_factor_banner() == banner  # the same secrets on every start
