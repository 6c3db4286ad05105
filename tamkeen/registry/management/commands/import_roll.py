"""`tamkeen import-roll FILE [--strict] [--dry-run] [--complete] [--report PATH]` (contracts/cli.md).

A roll is partial by default: members it does not list are left alone. ``--complete`` declares the file the
complete roll of every office it covers, and flags for review the members of those offices it omits.
"""

import json
import sys

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
            result = importer.run()
        except UnreadableFile as exc:
            sys.stderr.write(f"cannot read {options['file']}: {exc}\n")
            raise SystemExit(EXIT_UNREADABLE) from None
        if result.unknown_columns:
            sys.stderr.write("ignored unknown columns: " + ", ".join(result.unknown_columns) + "\n")
        self.stdout.write(json.dumps(result.summary()))
        if result.strict_failed:
            raise SystemExit(EXIT_STRICT_REJECTED)
