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


def test_a_fresh_clone_runs_commands_with_debug_off_and_a_private_development_key(tmp_path):
    var = tmp_path / "var"
    script = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    first = run({"TAMKEEN_VAR_DIR": str(var)}, "shell", "-v", "0", "-c", script)
    assert first.returncode == 0, first.stderr
    debug, key = first.stdout.split()
    assert debug == "False"
    key_file = var / "development-secret-key"
    assert key_file.read_text().strip() == key and len(key) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    # The key is generated once: the next command uses the same one, so sessions survive a restart.
    again = run({"TAMKEEN_VAR_DIR": str(var)}, "shell", "-v", "0", "-c", script)
    assert again.stdout.split() == ["False", key]


def test_debug_is_on_only_when_a_developer_asks_for_it(tmp_path):
    script = "from django.conf import settings; print(settings.DEBUG)"
    result = run({"TAMKEEN_VAR_DIR": str(tmp_path), "DJANGO_DEBUG": "1"}, "shell", "-v", "0", "-c", script)
    assert result.stdout.strip() == "True", result.stderr


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
