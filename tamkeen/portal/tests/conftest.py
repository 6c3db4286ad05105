"""The portal's browser stories read codes from the SMS outbox file, sent at once by the task worker."""

import pytest


@pytest.fixture
def outbox(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.TAMKEEN_SMS_BACKEND = "file"
    settings.TAMKEEN_OUTBOX_DIR = str(tmp_path)
    settings.TAMKEEN_QUIET_HOURS = ""
    settings.TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS = 0.2
    return tmp_path / "sms.jsonl"
