"""Backups and the restore drill.

A backup is one consistent snapshot of the database plus a manifest of its row counts taken in the same
snapshot. The drill restores the backup into a scratch database, counts again and runs the audit trail's chain
check there, so "we have backups" is a measured claim rather than a hope. PostgreSQL backups are `pg_dump`'s
custom format taken inside an exported snapshot; SQLite backups use SQLite's online backup API.
"""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST_SUFFIX = ".manifest.json"


class BackupError(RuntimeError):
    pass


@dataclass
class DrillReport:
    backup: str
    tables: int = 0
    rows: int = 0
    mismatched: dict[str, list[int]] = field(default_factory=dict)
    audit: dict | None = None

    @property
    def ok(self) -> bool:
        # The tail row restored with the trail must name its last line, or the next append would fork the chain.
        audit = self.audit or {}
        return not self.mismatched and bool(audit.get("intact") and audit.get("tail_matches"))

    def as_json(self) -> dict:
        return {
            "backup": self.backup,
            "tables": self.tables,
            "rows": self.rows,
            "mismatched": self.mismatched,
            "audit": self.audit,
            "ok": self.ok,
        }


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_params(dbname: str | None = None) -> dict:
    db = connection.settings_dict
    return {
        "dbname": dbname or db["NAME"],
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
    }


def _pg_env(params: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("user", "PGUSER"), ("password", "PGPASSWORD"), ("host", "PGHOST"), ("port", "PGPORT")):
        if params[key]:
            env[var] = params[key]
    return env


def _pg_connect(params: dict, **kwargs):
    import psycopg

    return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def _table_names() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _count(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def backup_create(output: str | Path | None = None) -> tuple[Path, dict]:
    """Write a backup and its manifest; returns the backup's path and the manifest."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    directory = Path(output) if output else Path(settings.VAR_DIR) / "backups"
    if directory.suffix:
        path, directory = directory, directory.parent
    else:
        path = directory / f"tamkeen-{stamp}{'.dump' if _is_postgres() else '.sqlite3'}"
    directory.mkdir(parents=True, exist_ok=True)
    tables = _table_names()
    counts = _backup_postgres(path, tables) if _is_postgres() else _backup_sqlite(path, tables)
    manifest = {
        "engine": connection.vendor,
        "created_at": datetime.now(UTC).isoformat(),
        "tables": counts,
    }
    Path(f"{path}{MANIFEST_SUFFIX}").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return path, manifest


def _backup_postgres(path: Path, tables: list[str]) -> dict[str, int]:
    params = _pg_params()
    # The counts and the dump must see the same instant: count inside a snapshot and hand it to pg_dump.
    with _pg_connect(params) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _count(cursor, tables, connection.ops.quote_name)
        result = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                f"--file={path}",
                params["dbname"],
            ],
            env=_pg_env(params),
            capture_output=True,
            text=True,
        )
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _sqlite_source() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _backup_sqlite(path: Path, tables: list[str]) -> dict[str, int]:
    if path.exists():
        path.unlink()
    target = sqlite3.connect(path)
    try:
        _sqlite_source().backup(target)
        counts = _count(target.cursor(), tables, connection.ops.quote_name)
    finally:
        target.close()
    return counts


def restore_drill(backup: str | Path) -> DrillReport:
    """Restore into a scratch database, compare row counts with the manifest and check the audit chain."""
    backup = Path(backup)
    manifest_path = Path(f"{backup}{MANIFEST_SUFFIX}")
    if not backup.is_file() or not manifest_path.is_file():
        raise BackupError(f"no backup with a manifest at {backup}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    expected: dict[str, int] = manifest["tables"]
    report = DrillReport(backup=str(backup), tables=len(expected))
    if manifest["engine"] == "postgresql":
        actual, report.audit = _drill_postgres(backup, list(expected))
    else:
        actual, report.audit = _drill_sqlite(backup, list(expected))
    report.rows = sum(actual.values())
    report.mismatched = {
        table: [count, actual.get(table, -1)]
        for table, count in expected.items()
        if actual.get(table) != count
    }
    return report


def _audit_verify(env_overrides: dict) -> dict:
    """Run `tamkeen audit-verify` against the scratch database in its own process (its own settings)."""
    env = {**os.environ, **env_overrides}
    result = subprocess.run(
        [sys.executable, "-m", "tamkeen.cli", "audit-verify"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"intact": False, "error": (result.stderr or result.stdout).strip()[-500:]}
    return json.loads(lines[-1])


def _drill_postgres(backup: Path, tables: list[str]) -> tuple[dict[str, int], dict]:
    params = _pg_params()
    scratch = f"tamkeen_drill_{uuid.uuid4().hex[:12]}"
    admin = _pg_params("postgres")
    with _pg_connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        scratch_params = {**params, "dbname": scratch}
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={scratch}", str(backup)],
            env=_pg_env(scratch_params),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        with _pg_connect(scratch_params) as conn, conn.cursor() as cursor:
            counts = _count(cursor, tables, connection.ops.quote_name)
        user = f"{params['user']}@" if params["user"] else ""
        host = params["host"] or "localhost"
        port = f":{params['port']}" if params["port"] else ""
        audit = _audit_verify({"DATABASE_URL": f"postgres://{user}{host}{port}/{scratch}"})
    finally:
        with _pg_connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return counts, audit


def _drill_sqlite(backup: Path, tables: list[str]) -> tuple[dict[str, int], dict]:
    with tempfile.TemporaryDirectory(prefix="tamkeen-drill-") as scratch_dir:
        scratch = Path(scratch_dir) / "restored.sqlite3"
        source = sqlite3.connect(backup)
        target = sqlite3.connect(scratch)
        try:
            source.backup(target)
            counts = _count(target.cursor(), tables, connection.ops.quote_name)
        finally:
            source.close()
            target.close()
        env = {"TAMKEEN_SQLITE_PATH": str(scratch), "DATABASE_URL": ""}
        return counts, _audit_verify(env)
