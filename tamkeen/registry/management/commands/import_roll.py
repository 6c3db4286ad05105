"""`tamkeen import-roll FILE [--strict] [--dry-run] [--report PATH]` (contracts/cli.md)."""

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
        parser.add_argument("--report", default=None, help="Write rejected rows here (.csv or .xlsx).")
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        try:
            importer = RollImporter(
                options["file"],
                strict=options["strict"],
                dry_run=options["dry_run"],
                report_path=options["report"],
                batch_size=options["batch_size"],
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
