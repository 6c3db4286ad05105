import json
import sys

from django.core.management.base import BaseCommand

from tamkeen.outcomes.employment import UnreadableFile, import_employment_file


def _progress(done: int, total: int) -> None:
    print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


class Command(BaseCommand):
    help = "Read a social-insurance registration file (files.md §2) and verify or refute employment outcomes."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--report", help="CSV or XLSX listing each rejected row (row, column, value, reason)"
        )

    def handle(self, *args, file, report, **options):
        try:
            result = import_employment_file(
                file, report_path=report, progress=_progress if sys.stderr.isatty() else None
            )
        except UnreadableFile as error:
            self.stderr.write(f"cannot read {file}: {error}")
            raise SystemExit(2) from error
        if result.unknown_columns:
            self.stderr.write("unknown columns ignored: " + ", ".join(result.unknown_columns))
        if result.discovered:
            self.stderr.write(
                f"{result.discovered} discovered employment(s) await the case workers' confirmation"
            )
        self.stdout.write(json.dumps(result.as_json()))
