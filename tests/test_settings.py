"""Production refuses to start without its secrets, and is clean under `check --deploy` when they are set."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="runs the real command")


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TAMKEEN_ENV"))}
    return subprocess.run(
        [sys.executable, "-m", "tamkeen.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_fails_loudly():
    result = run({"TAMKEEN_ENV": "production"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_off_without_a_secret_key_fails_loudly():
    result = run({"DJANGO_DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_with_its_secrets_passes_the_deployment_checks():
    env = {
        "TAMKEEN_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-a-long-random-production-key",
        "DJANGO_ALLOWED_HOSTS": "tamkeen.example.org",
    }
    result = run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_demo_refuses_to_start_outside_development_mode():
    env = {
        "TAMKEEN_ENV": "production",
        "DJANGO_SECRET_KEY": "y" * 64,
        "DJANGO_ALLOWED_HOSTS": "tamkeen.example.org",
    }
    result = run(env, "demo")
    assert result.returncode != 0
    assert "refused outside development mode" in result.stderr
