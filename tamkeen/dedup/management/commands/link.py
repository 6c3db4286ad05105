"""`tamkeen link FILE --output PAIRS.csv [--threshold P]` (cli.md): same-person pairs in a person file.

Touches no database: the file is read, features are prepared in Python and Splink scores candidate pairs
in an embedded DuckDB with the saved model. Result: one JSON line of counts and seconds on stdout.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from tamkeen.core.exports import write_table
from tamkeen.dedup.linkage import link_records
from tamkeen.dedup.reading import UnreadableFile, read_person_file


def write_pairs(path, pairs) -> None:
    # Record ids come from the input file, so the pairs go through the inert writer (no BOM: scripts read it).
    rows = ([a, b, f"{probability:.6f}"] for a, b, probability in pairs)
    write_table(
        path, rows, header=["record_id_a", "record_id_b", "match_probability"], fmt="csv", encoding="utf-8"
    )


class Command(BaseCommand):
    help = "Find records of a person file that describe the same person (no database)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--output", required=True)
        parser.add_argument("--threshold", type=float, default=0.9)
        parser.add_argument("--model", default=None, help="a saved model JSON (default: the committed one)")

    def handle(self, *args, file, output, threshold, model, **options):
        if not 0 < threshold <= 1:
            raise CommandError("--threshold must be in (0, 1]", returncode=2)
        started = time.monotonic()
        try:
            person_file = read_person_file(file)
        except UnreadableFile as exc:
            raise CommandError(f"cannot read {file}: {exc}", returncode=2) from exc
        rows = person_file.rows
        ids = [row["record_id"] for row in rows]
        if len(set(ids)) != len(ids) or not all(ids):
            raise CommandError("record_id must be present and unique in the file", returncode=2)
        pairs = link_records(rows, threshold=threshold, model_path=model)
        write_pairs(output, pairs)
        linked = {record_id for pair in pairs for record_id in pair[:2]}
        self.stdout.write(
            json.dumps(
                {
                    "records": len(rows),
                    "pairs": len(pairs),
                    "records_in_pairs": len(linked),
                    "threshold": threshold,
                    "unknown_columns": person_file.unknown_columns,
                    "seconds": round(time.monotonic() - started, 2),
                },
                ensure_ascii=False,
            )
        )
