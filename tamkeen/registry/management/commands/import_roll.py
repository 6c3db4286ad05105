"""`tamkeen import-roll FILE [--strict] [--dry-run] [--complete] [--report PATH]` (contracts/cli.md).

A roll is partial by default: members it does not list are left alone. ``--complete`` declares the file the
complete roll of every office it covers, and flags for review the members of those offices it omits.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand

from tamkeen.registry.roll.apply import RollImporter, progress_to_stderr
from tamkeen.registry.roll.reading import UnreadableFile

EXIT_UNREADABLE = 2
EXIT_STRICT_REJECTED = 3


class Command(BaseCommand):
    help = "Import a social-security roll (contracts/files.md §1)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--strict", action="store_true", help="Write nothing when any row is rejected.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, write nothing.")
        parser.add_argument(
            "--complete",
            action="store_true",
            help="The file is the complete roll of the offices it covers: flag their members it omits.",
        )
        parser.add_argument("--report", default=None, help="Write rejected rows here (.csv or .xlsx).")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--timings",
            action="store_true",
            help="Also write the import's own seconds and CPU seconds to stderr.",
        )
        parser.add_argument(
            "--method",
            choices=("auto", "rows", "sets"),
            default="auto",
            help="sets: the set-based import (PostgreSQL, one transaction); rows: row-wise, a transaction per "
            "batch; auto (default): sets where it can run.",
        )

    def handle(self, *args, **options):
        try:
            importer = RollImporter(
                options["file"],
                strict=options["strict"],
                dry_run=options["dry_run"],
                complete=options["complete"],
                report_path=options["report"],
                batch_size=options["batch_size"],
                method=options["method"],
                progress=progress_to_stderr,
            )
            server_started = _server_cpu_seconds() if options["timings"] else None
            started, cpu_started = time.perf_counter(), time.process_time()
            result = importer.run()
            if options["timings"]:
                timings = {"method": importer.method_used, "seconds": round(time.perf_counter() - started, 3),
                           "cpu_seconds": round(time.process_time() - cpu_started, 3)}  # fmt: skip
                server = _server_cpu_seconds()
                if server is not None and server_started is not None:
                    timings["server_cpu_seconds"] = round(server - server_started, 3)
                phases = getattr(importer, "phases", None)
                if phases is not None:
                    timings["phases"] = phases.as_dict()
                sys.stderr.write("timings " + json.dumps(timings) + "\n")
        except UnreadableFile as exc:
            sys.stderr.write(f"cannot read {options['file']}: {exc}\n")
            raise SystemExit(EXIT_UNREADABLE) from None
        if result.unknown_columns:
            sys.stderr.write("ignored unknown columns: " + ", ".join(result.unknown_columns) + "\n")
        self.stdout.write(json.dumps(result.summary()))
        if result.strict_failed:
            raise SystemExit(EXIT_STRICT_REJECTED)


def _server_cpu_seconds() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far, when the server runs on this machine."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
