"""Where messages leave the platform. SMS backends are chosen by ``TAMKEEN_SMS_BACKEND``:

- ``file`` (default outside production): one JSON line ``{"to", "body", "at"}`` appended to
  ``sms.jsonl`` in ``TAMKEEN_OUTBOX_DIR`` (``var/outbox`` under the project root by default);
- ``http``: a generic HTTPS gateway in the shape of Saudi SMS providers' REST APIs (settings below);
- ``console``: the message is written to the log.

Each backend returns the new status (sent, or delivered when the gateway says so) and the gateway's reference,
or raises ``SendError`` (``retryable`` for timeouts, 5xx and 429, permanent otherwise).
"""

import base64
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from tamkeen.notifications.models import Message

logger = logging.getLogger("tamkeen.notifications")


class SendError(Exception):
    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class Sent:
    status: str  # Message.Status.SENT or Message.Status.DELIVERED
    reference: str = ""


def outbox_dir() -> Path:
    configured = getattr(settings, "TAMKEEN_OUTBOX_DIR", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "outbox"


def send_sms_file(*, to: str, body: str, key: str) -> Sent:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"to": to, "body": body, "at": timezone.now().isoformat()}, ensure_ascii=False)
    # One write of one line in append mode: concurrent workers never interleave inside a line.
    with open(folder / "sms.jsonl", "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return Sent(status=Message.Status.SENT)


def send_sms_console(*, to: str, body: str, key: str) -> Sent:
    logger.warning("SMS to %s: %s", to, body)
    return Sent(status=Message.Status.SENT)


def _fill(value, fields: dict):
    """Substitute {to}, {body}, {sender}, {key}, {user} inside the parsed body template's strings only, so a
    message's text can never break the JSON around it."""
    if isinstance(value, str):
        for name, replacement in fields.items():
            value = value.replace("{" + name + "}", replacement)
        return value
    if isinstance(value, dict):
        return {k: _fill(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    return value


def send_sms_http(*, to: str, body: str, key: str) -> Sent:
    config = settings.TAMKEEN_SMS_HTTP
    if not config.get("URL"):
        raise SendError("TAMKEEN_SMS_HTTP_URL is not set.", retryable=False)
    fields = {
        "to": to.lstrip("+") if config.get("STRIP_PLUS") else to,
        "body": body,
        "sender": config.get("SENDER", ""),
        "key": key,
        "user": config.get("USERNAME", ""),
    }
    payload = _fill(json.loads(config["BODY_TEMPLATE"]), fields)
    headers = {"Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": key}
    if config.get("TOKEN"):
        headers["Authorization"] = f"Bearer {config['TOKEN']}"
    elif config.get("USERNAME"):
        pair = f"{config['USERNAME']}:{config.get('PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    request = urllib.request.Request(
        config["URL"], data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=float(config.get("TIMEOUT", 10))) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        retryable = error.code >= 500 or error.code == 429
        raise SendError(f"gateway answered {error.code}", retryable=retryable) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SendError(f"gateway unreachable: {error}", retryable=True) from None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    answer = answer if isinstance(answer, dict) else {}
    delivered = str(answer.get("status", "")).lower() == "delivered"  # the gateway's own word
    status = Message.Status.DELIVERED if delivered else Message.Status.SENT
    reference = str(answer.get("id") or answer.get("message_id") or answer.get("reference") or "")[:100]
    return Sent(status=status, reference=reference)


SMS_BACKENDS = {"file": send_sms_file, "http": send_sms_http, "console": send_sms_console}


def send_sms(*, to: str, body: str, key: str) -> Sent:
    name = getattr(settings, "TAMKEEN_SMS_BACKEND", "file")
    try:
        backend = SMS_BACKENDS[name]
    except KeyError:
        raise SendError(f"Unknown TAMKEEN_SMS_BACKEND {name!r}.", retryable=False) from None
    return backend(to=to, body=body, key=key)


def send_email(*, to: str, subject: str, body: str, key: str) -> Sent:
    try:
        sent = EmailMessage(subject=subject, body=body, to=[to], headers={"X-Tamkeen-Message": key}).send()
    except OSError as error:
        raise SendError(f"mail server: {error}", retryable=True) from None
    if not sent:
        raise SendError("the mail backend accepted nothing", retryable=True)
    return Sent(status=Message.Status.SENT)
