"""Muhammad (head of a Sabya household) signs in with a code by SMS; nobody learns whether an ID exists."""

import json
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.accounts.models import Role
from tamkeen.notifications.models import Message, Preference
from tamkeen.notifications.services import registry_mobile_mark_wrong
from tamkeen.portal import rules, services
from tamkeen.portal.models import OneTimeCode
from tests.personas import next_national_id

pytestmark = pytest.mark.django_db
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def outbox(settings, tmp_path):
    settings.TAMKEEN_SMS_BACKEND = "file"
    settings.TAMKEEN_OUTBOX_DIR = str(tmp_path)
    settings.TAMKEEN_QUIET_HOURS = ""
    settings.TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS = 0.3
    return tmp_path / "sms.jsonl"


def send_outbox():
    from tamkeen.notifications.services import messages_send_due

    messages_send_due()


def last_code(path, to="+966501234567") -> str:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    body = [line for line in lines if line["to"] == to][-1]["body"]
    return re.search(r"\d{6}", body).group(0)


def ask_code(client, national_id):
    return client.post("/portal/login/", {"national_id": national_id})


def masked(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_member_signs_in_with_the_code_sent_to_the_registry_mobile(world, client, outbox):
    world.head_sby.user = None
    world.head_sby.save(update_fields=["user"])
    page = ask_code(client, world.head_sby.national_id.translate(ARABIC_DIGITS))
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    send_outbox()
    response = client.post("/portal/login/", {"code": last_code(outbox).translate(ARABIC_DIGITS)})
    assert response.status_code == 302 and response.url == "/portal/"
    world.head_sby.refresh_from_db()
    user = world.head_sby.user
    assert user is not None and user.role == Role.BENEFICIARY and not user.has_usable_password()
    assert client.session["_auth_user_backend"] == "tamkeen.portal.backends.PortalBackend"
    assert client.session.get_expiry_age() == 30 * 60
    assert world.head_sby.first_name in client.get("/portal/").content.decode()

    # Next time the same account is used: accounts are never made twice.
    client.post("/portal/logout/")
    ask_code(client, world.head_sby.national_id)
    send_outbox()
    client.post("/portal/login/", {"code": last_code(outbox)})
    world.head_sby.refresh_from_db()
    assert world.head_sby.user == user


def test_known_and_unknown_ids_get_the_same_answer_in_the_same_time(world, client, outbox, settings):
    started = time.monotonic()
    known = ask_code(client, world.head_sby.national_id)
    known_seconds = time.monotonic() - started
    client.get("/portal/login/?again=1")
    started = time.monotonic()
    unknown = ask_code(client, next_national_id())
    unknown_seconds = time.monotonic() - started
    assert known.status_code == unknown.status_code == 200
    assert masked(known) == masked(unknown)
    assert min(known_seconds, unknown_seconds) >= settings.TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS
    # A member without a mobile, or outside the programme's ages, gets the very same page too.
    client.get("/portal/login/?again=1")
    assert masked(ask_code(client, world.wife_sby.national_id)) == masked(known)
    assert Message.objects.filter(event="portal.sign_in_code").count() == 1


def test_codes_are_kept_hashed_and_only_for_members_of_working_age(world, outbox):
    services.code_request(national_id=world.head_sby.national_id, address="10.0.0.1")
    issued = OneTimeCode.objects.get()
    send_outbox()
    code = last_code(outbox)
    assert code not in {issued.code_hash, issued.salt} and len(issued.code_hash) == 64
    world.head_sby.birth_date = timezone.localdate() - timedelta(days=365 * 61)
    world.head_sby.save(update_fields=["birth_date"])
    services.code_request(national_id=world.head_sby.national_id, address="10.0.0.1")
    assert OneTimeCode.objects.count() == 1


def test_a_mobile_marked_wrong_by_the_office_gets_no_code(world, outbox):
    registry_mobile_mark_wrong(actor=world.worker_sby, member=world.head_sby)
    services.code_request(national_id=world.head_sby.national_id, address="10.0.0.1")
    assert not OneTimeCode.objects.exists() and not Message.objects.exists()


def test_a_code_lives_five_minutes(world, outbox):
    now = timezone.now()
    outcome = services.code_request(national_id=world.head_sby.national_id, address="10.0.0.1", now=now)
    send_outbox()
    code = last_code(outbox)
    late = now + timedelta(minutes=rules.CODE_MINUTES, seconds=1)
    assert services.code_verify(id_digest=outcome.id_digest, typed=code, now=late) is None
    assert services.code_verify(id_digest=outcome.id_digest, typed=code, now=now + timedelta(minutes=4)) == (
        world.head_sby
    )
    assert services.code_verify(id_digest=outcome.id_digest, typed=code) is None, "a code is used once"


def test_five_wrong_tries_burn_the_code(world, outbox):
    outcome = services.code_request(national_id=world.head_sby.national_id, address="10.0.0.1")
    send_outbox()
    code = last_code(outbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(rules.MAX_WRONG_TRIES):
        assert services.code_verify(id_digest=outcome.id_digest, typed=wrong) is None
    assert services.code_verify(id_digest=outcome.id_digest, typed=code) is None


def test_three_codes_per_id_per_quarter_hour_known_or_not(world, outbox):
    now = timezone.now()
    for national_id in (world.head_sby.national_id, next_national_id()):
        outcomes = [
            services.code_request(national_id=national_id, address=f"10.0.0.{n}", now=now) for n in range(4)
        ]
        assert [o.is_limited for o in outcomes] == [False, False, False, True]
    assert OneTimeCode.objects.count() == 3
    later = now + timedelta(minutes=rules.CODES_PER_ID_MINUTES, seconds=1)
    assert not services.code_request(
        national_id=world.head_sby.national_id, address="10.0.0.9", now=later
    ).is_limited


def test_twenty_requests_per_address_per_hour(world, outbox, client):
    for _ in range(rules.REQUESTS_PER_ADDRESS):
        assert not services.code_request(national_id=next_national_id(), address="127.0.0.1").is_limited
    response = ask_code(client, world.head_sby.national_id)
    assert response.status_code == 429
    assert not OneTimeCode.objects.exists()


def test_the_office_invites_a_member_without_a_mobile(world, client, outbox):
    client.force_login(world.worker_sby)
    member_page = client.get(f"/registry/members/{world.wife_sby.pk}/").content.decode()
    assert f"/portal/invite/{world.wife_sby.pk}/" in member_page
    response = client.post(f"/portal/invite/{world.wife_sby.pk}/", {"mobile": "0551234567"})
    assert response.status_code == 302
    send_outbox()
    code = last_code(outbox, to="+966551234567")
    client.logout()
    ask_code(client, world.wife_sby.national_id)
    assert client.post("/portal/login/", {"code": code}).status_code == 302
    assert Preference.objects.get(member=world.wife_sby).mobile == "+966551234567"
    assert world.wife_sby.full_name in client.get("/portal/").content.decode()


def test_another_office_cannot_invite(world, client, outbox):
    client.force_login(world.worker_frs)
    assert client.post(f"/portal/invite/{world.wife_sby.pk}/", {"mobile": "0551234567"}).status_code == 404
    assert not OneTimeCode.objects.exists()


def test_a_member_changes_their_mobile_with_a_code_sent_to_the_new_number(world, client, outbox):
    client.force_login(world.beneficiary_sby)
    client.post("/portal/mobile/", {"mobile": "٠٥٥٩٨٧٦٥٤٣"})
    send_outbox()
    code = last_code(outbox, to="+966559876543")
    assert (
        client.post("/portal/mobile/", {"code": "000000" if code != "000000" else "111111"}).status_code
        == 200
    )
    assert not Preference.objects.filter(member=world.head_sby, mobile="+966559876543").exists()
    assert client.post("/portal/mobile/", {"code": code}).status_code == 302
    assert Preference.objects.get(member=world.head_sby).mobile == "+966559876543"
    services.code_request(national_id=world.head_sby.national_id, address="10.0.0.1")
    send_outbox()
    assert last_code(outbox, to="+966559876543")


def test_staff_accounts_are_not_signed_in_by_the_portal(world, outbox):
    world.head_frs.user = world.worker_frs
    world.head_frs.save(update_fields=["user"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.beneficiary_user_ensure(member=world.head_frs)


def test_the_demo_lists_members_who_can_sign_in(world):
    from tamkeen.portal.selectors import members_who_can_sign_in

    assert list(members_who_can_sign_in()) == [world.head_sby]
    registry_mobile_mark_wrong(actor=world.worker_sby, member=world.head_sby)
    assert list(members_who_can_sign_in()) == []


def test_a_single_sign_on_answer_without_our_state_signs_nobody_in(world, client, settings):
    settings.TAMKEEN_IDENTITY_PROVIDERS = {
        "otp": {"CLASS": "tamkeen.portal.identity.OneTimeCodeProvider"},
        "sso": {
            "CLASS": "tamkeen.portal.identity.OpenIDConnectProvider",
            "ISSUER": "https://sso.invalid",
            "CLIENT_ID": "tamkeen",
            "LABEL": "National SSO",
        },
    }
    assert "National SSO" in client.get("/portal/login/").content.decode()
    response = client.get("/portal/login/sso/sso/callback/?code=abc&state=forged")
    assert response.status_code == 302 and response.url == "/portal/login/"
    assert "_auth_user_id" not in client.session
    settings.TAMKEEN_IDENTITY_PROVIDERS = {"bad": {"CLASS": "tamkeen.portal.backends.PortalBackend"}}
    from django.core.exceptions import ImproperlyConfigured

    from tamkeen.portal.identity import providers

    with pytest.raises(ImproperlyConfigured):
        providers()
