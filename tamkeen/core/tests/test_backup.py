"""Backups are only as good as their restore: the drill restores, counts and checks the audit chain."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tamkeen.core.audit import audit_record
from tamkeen.core.backup import MANIFEST_SUFFIX
from tamkeen.geography.selectors import DATA_DIR


def write_some_events(n: int = 3):
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=None, action="backup.test", object_type="test", object_id=i)


def run(capsys, *args) -> tuple[int, dict]:
    try:
        call_command("backup", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    """A real SQLite database made by the commands themselves, as a deployment's would be."""
    directory = tmp_path_factory.mktemp("site")
    env = {**os.environ, "DATABASE_URL": "", "TAMKEEN_SQLITE_PATH": str(directory / "site.sqlite3")}
    for args in (["migrate", "--no-input"], ["load-region", str(DATA_DIR / "jazan_offices.json")]):
        subprocess.run([sys.executable, "-m", "tamkeen.cli", *args], env=env, check=True, capture_output=True)
    return directory, env


def tamkeen(env, *args) -> tuple[int, dict]:
    result = subprocess.run(
        [sys.executable, "-m", "tamkeen.cli", *args], env=env, capture_output=True, text=True
    )
    return result.returncode, json.loads(result.stdout.strip().splitlines()[-1])


def test_a_sqlite_backup_restores_with_the_same_counts_and_an_intact_chain(sqlite_site):
    directory, env = sqlite_site
    code, made = tamkeen(env, "backup", "--output", str(directory / "backups"))
    assert code == 0 and made["rows"] > 0

    code, drill = tamkeen(env, "backup", "--drill", made["backup"])
    assert code == 0, drill
    assert drill["mismatched"] == {} and drill["audit"]["intact"] is True
    assert drill["audit"]["tail_matches"] is True, "the tail row is in the backup and names its last line"
    assert drill["audit"]["events"] >= 15, "the offices loaded are in the trail"


def test_the_drill_fails_when_the_backup_lost_rows_or_its_trail_was_edited(sqlite_site):
    directory, env = sqlite_site
    path = directory / "tampered.sqlite3"
    code, _ = tamkeen(env, "backup", "--output", str(path))
    assert code == 0
    tampered = sqlite3.connect(path)
    triggers = tampered.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditevent'"
    ).fetchall()
    for (name,) in triggers:
        tampered.execute(f'DROP TRIGGER "{name}"')
    tampered.execute(
        "UPDATE core_auditevent SET action = 'edited' WHERE id = (SELECT MIN(id) FROM core_auditevent)"
    )
    tampered.commit()
    tampered.close()

    code, drill = tamkeen(env, "backup", "--drill", str(path))
    assert code == 1
    assert drill["audit"]["intact"] is False and drill["audit"]["first_broken_id"] is not None

    manifest_path = directory / f"tampered.sqlite3{MANIFEST_SUFFIX}"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["geography_office"] += 1
    manifest_path.write_text(json.dumps(manifest))
    code, drill = tamkeen(env, "backup", "--drill", str(path))
    assert code == 1 and "geography_office" in drill["mismatched"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_a_postgres_backup_taken_in_one_snapshot_restores_into_a_scratch_database(tmp_path, capsys):
    write_some_events(5)
    code, made = run(capsys, "--output", str(tmp_path))
    assert code == 0 and made["backup"].endswith(".dump")

    code, drill = run(capsys, "--drill", made["backup"])
    assert code == 0, drill
    assert drill["mismatched"] == {} and drill["audit"] == {
        **drill["audit"],
        "intact": True,
        "tail_matches": True,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'tamkeen_drill_%'")
        assert cursor.fetchone()[0] == 0, "the scratch database is dropped"
