"""`tamkeen import-outcomes FILE [--entity CODE] [--report PATH]` (contracts/cli.md, files.md §3).

A partner's outcome file, read by referrals (tamkeen.referrals.outcome_file); the command lives with the
entities because it names one by its code."""

import json
import sys

from django.core.management.base import BaseCommand

from tamkeen.core.tables import UnreadableFile
from tamkeen.partners.models import Entity
from tamkeen.referrals.outcome_file import import_outcomes, write_report

EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "Read a partner's outcome file and move the referrals it names (contracts/files.md §3)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--entity", default=None, help="Only this entity's referrals (its code).")
        parser.add_argument("--report", default=None, help="Write rejected rows here (.csv or .xlsx).")

    def handle(self, *args, **options):
        entity = None
        if options["entity"]:
            entity = Entity.objects.filter(code=options["entity"].strip().upper()).first()
            if entity is None:
                sys.stderr.write(f"no enabling entity with code {options['entity']}\n")
                raise SystemExit(EXIT_UNREADABLE)
        try:
            result = import_outcomes(options["file"], entity=entity)
        except UnreadableFile as exc:
            sys.stderr.write(f"cannot read {options['file']}: {exc}\n")
            raise SystemExit(EXIT_UNREADABLE) from None
        if result.unknown_columns:
            sys.stderr.write("ignored unknown columns: " + ", ".join(result.unknown_columns) + "\n")
        if options["report"]:
            write_report(options["report"], result.rejections)
        self.stdout.write(json.dumps(result.summary()))
