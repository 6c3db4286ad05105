"""Stories of the outbox: Muhammad (head of a Sabya household) is told things; Nora reads the log."""

import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tamkeen.notifications.models import Message
from tamkeen.notifications.selectors import messages_visible_to
from tamkeen.notifications.services import (
    message_send,
    messages_send_due,
    notify,
    preference_update,
    registry_mobile_mark_wrong,
)

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 1, 5, 12, 0, tzinfo=ZoneInfo("Asia/Riyadh"))


def plan_approved(member, **kwargs):
    return notify(
        event="plan.approved", member=member, context={"track": "training", "due": NOON.date()}, **kwargs
    )


@pytest.fixture
def outbox(settings, tmp_path):
    settings.TAMKEEN_SMS_BACKEND = "file"
    settings.TAMKEEN_OUTBOX_DIR = str(tmp_path)
    settings.TAMKEEN_QUIET_HOURS = ""
    return tmp_path / "sms.jsonl"


def sms_lines(path):
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def test_a_message_is_written_with_the_change_and_sent_after_it_commits(
    world, outbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        messages = plan_approved(world.head_sby)
        assert {m.channel for m in messages} == {"sms", "in_app"}
        assert not sms_lines(outbox), "nothing leaves before the change commits"
    line = sms_lines(outbox)[0]
    assert set(line) == {"to", "body", "at"}
    assert line["to"] == "+966501234567"
    assert "هـ" in line["body"] and "مكتب الضمان الاجتماعي بصبيا" in line["body"]
    sms = Message.objects.get(channel="sms")
    assert (sms.status, sms.attempts) == ("sent", 1) and sms.sent_at is not None
    assert Message.objects.get(channel="in_app").status == "delivered"


def test_a_rolled_back_change_sends_nothing(world, outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                plan_approved(world.head_sby)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Message.objects.exists()
    assert not sms_lines(outbox)


def test_english_when_the_person_chose_it(world, outbox):
    preference_update(actor=None, member=world.head_sby, language="en")
    sms = next(m for m in plan_approved(world.head_sby) if m.channel == "sms")
    assert sms.language == "en"
    assert "AH (2026-01-05)" in sms.body and "Sabya office" in sms.body


def test_an_opt_out_silences_all_but_required_notices(world, outbox):
    preference_update(actor=world.head_sby.user, member=world.head_sby, is_opted_out=True)
    assert plan_approved(world.head_sby) == []
    required = notify(
        event="portal.sign_in_code", member=world.head_sby, context={"code": "123456"}, required=True
    )
    assert [m.channel for m in required] == ["sms"]


def test_quiet_hours_hold_sms_until_morning_but_not_codes(world, outbox, settings):
    settings.TAMKEEN_QUIET_HOURS = "21:00-08:00"
    late = datetime(2026, 1, 5, 23, 0, tzinfo=ZoneInfo("Asia/Riyadh"))
    with override_settings(), _frozen(late):
        held = next(m for m in plan_approved(world.head_sby) if m.channel == "sms")
        code = notify(
            event="portal.sign_in_code", member=world.head_sby, context={"code": "1"}, required=True
        )[0]
    assert held.send_after == datetime(2026, 1, 6, 8, 0, tzinfo=ZoneInfo("Asia/Riyadh"))
    assert code.send_after is None
    assert message_send(message_id=held.pk, now=late).status == "queued"
    assert messages_send_due(now=held.send_after) == 2
    assert Message.objects.get(pk=held.pk).status == "sent"


def _frozen(moment):
    from unittest import mock

    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_a_mobile_marked_wrong_gets_nothing(world, outbox):
    registry_mobile_mark_wrong(actor=world.worker_sby, member=world.head_sby)
    assert [m.channel for m in plan_approved(world.head_sby)] == ["in_app"]


def test_the_same_dedupe_key_writes_one_message(world, outbox):
    first = notify(
        event="forum.badge",
        member=world.head_sby,
        context={"event": "x", "code": "A", "dedupe_key": "badge-1"},
    )
    again = notify(
        event="forum.badge",
        member=world.head_sby,
        context={"event": "x", "code": "A", "dedupe_key": "badge-1"},
    )
    assert len(first) == 2 and again == []


def test_a_sent_code_is_not_kept_in_the_outbox(world, outbox):
    code = notify(
        event="portal.sign_in_code", member=world.head_sby, context={"code": "654321"}, required=True
    )[0]
    message_send(message_id=code.pk)
    assert "654321" in sms_lines(outbox)[0]["body"]
    assert Message.objects.get(pk=code.pk).body == ""


def test_staff_notices_go_by_email(world, outbox):
    world.worker_sby.email = "nora@sby.example"
    world.worker_sby.save(update_fields=["email"])
    notice = notify(
        event="enterprise.certificate_renewal",
        user=world.worker_sby,
        context={"number": "PF-1", "name": "x", "file": "400100", "date": NOON.date()},
    )[0]
    message_send(message_id=notice.pk)
    assert mail.outbox[-1].to == ["nora@sby.example"]
    assert Message.objects.get(pk=notice.pk).status == "sent"


def test_the_log_follows_the_registry_scope(world, outbox):
    plan_approved(world.head_sby)
    plan_approved(world.head_frs)
    assert {m.member_id for m in messages_visible_to(world.worker_sby)} == {world.head_sby.pk}
    assert {m.member_id for m in messages_visible_to(world.worker_frs)} == {world.head_frs.pk}
    assert not messages_visible_to(world.partner_employer).exists()
    assert not messages_visible_to(world.beneficiary_sby).exists()


def test_the_log_page(world, outbox, client):
    plan_approved(world.head_sby)
    plan_approved(world.head_frs)
    client.force_login(world.worker_sby)
    page = client.get("/messages/").content.decode()
    assert world.head_sby.full_name in page and world.head_frs.full_name not in page


class FakeGateway(BaseHTTPRequestHandler):
    """Answers 500 to the first request, then 200 "delivered"; keeps what it accepted, by idempotency key."""

    answers: list[int] = []
    seen_keys: list[str] = []
    accepted: dict[str, dict] = {}

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key = self.headers["Idempotency-Key"]
        self.seen_keys.append(key)
        status = self.answers.pop(0) if self.answers else 200
        if status == 200:
            first = key not in self.accepted
            self.accepted.setdefault(key, {"payload": payload, "auth": self.headers["Authorization"]})
            answer = {"id": f"gw-{len(self.accepted)}", "status": "delivered", "duplicate": not first}
        else:
            answer = {"error": "try later"}
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    FakeGateway.answers = [500, 200]
    FakeGateway.seen_keys = []
    FakeGateway.accepted = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TAMKEEN_SMS_BACKEND = "http"
    settings.TAMKEEN_QUIET_HOURS = ""
    settings.TAMKEEN_SMS_HTTP = {
        "URL": f"http://127.0.0.1:{server.server_port}/send",
        "TOKEN": "gateway-token",
        "SENDER": "Tamkeen",
        "BODY_TEMPLATE": '{"recipient": "{to}", "sender": "{sender}", "message": "{body}", "ref": "{key}"}',
        "TIMEOUT": "5",
    }
    yield FakeGateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_is_retried_after_a_500_and_receives_the_message_once(world, gateway):
    sms = next(m for m in plan_approved(world.head_sby) if m.channel == "sms")
    now = timezone.now()

    first = message_send(message_id=sms.pk, now=now)
    assert (first.status, first.attempts) == ("queued", 1)
    assert "500" in first.last_error and first.send_after == now + timedelta(seconds=30)
    assert message_send(message_id=sms.pk, now=now + timedelta(seconds=5)).attempts == 1, "waits its backoff"

    second = message_send(message_id=sms.pk, now=now + timedelta(seconds=31))
    assert (second.status, second.attempts, second.last_error) == ("delivered", 2, "")
    assert second.provider_reference == "gw-1"

    message_send(message_id=sms.pk, now=now + timedelta(minutes=5))
    assert messages_send_due(now=now + timedelta(hours=1)) == 0
    assert gateway.seen_keys == [sms.idempotency_key, sms.idempotency_key], "one key, no third request"
    accepted = gateway.accepted[sms.idempotency_key]
    assert len(gateway.accepted) == 1
    assert accepted["payload"]["recipient"] == "+966501234567"
    assert accepted["payload"]["message"] == sms.body and accepted["payload"]["ref"] == sms.idempotency_key
    assert accepted["auth"] == "Bearer gateway-token"


def test_a_gateway_refusal_is_not_retried(world, gateway):
    gateway.answers = [400]
    sms = next(m for m in plan_approved(world.head_sby) if m.channel == "sms")
    failed = message_send(message_id=sms.pk)
    assert (failed.status, failed.attempts) == ("failed", 1) and "400" in failed.last_error


def test_an_unreachable_gateway_gives_up_after_the_last_attempt(world, gateway, settings):
    settings.TAMKEEN_SMS_HTTP = {**settings.TAMKEEN_SMS_HTTP, "URL": "http://127.0.0.1:9/closed"}
    settings.TAMKEEN_MESSAGE_MAX_ATTEMPTS = 2
    sms = next(m for m in plan_approved(world.head_sby) if m.channel == "sms")
    now = timezone.now()
    assert message_send(message_id=sms.pk, now=now).status == "queued"
    assert message_send(message_id=sms.pk, now=now + timedelta(hours=2)).status == "failed"
