"""`tamkeen match [--track TRACK] [--office CODE] [--dry-run]` (contracts/cli.md)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tamkeen.geography.models import Office
from tamkeen.matching.services import MatchingError, match_run_create, match_run_execute
from tamkeen.opportunities.models import Track


class Command(BaseCommand):
    help = (
        "Score eligible members against open opportunities, allocate seats optimally and propose referrals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--track", choices=Track.values, default="")
        parser.add_argument("--office", default="", help="office code (default: every office)")
        parser.add_argument("--dry-run", action="store_true", help="compute and report, propose nothing")

    def handle(self, *args, track, office, dry_run, **options):
        chosen = None
        if office:
            chosen = Office.objects.filter(code=office).first()
            if chosen is None:
                raise CommandError(f"unknown office code {office!r}")
        try:
            run = match_run_create(actor=None, office=chosen, track=track, is_dry_run=dry_run)
        except MatchingError as error:
            raise CommandError(str(error)) from error
        tty = sys.stderr.isatty()

        def progress(percent, stage):
            if tty:
                print(f"\r{percent:3d}% {stage:<12}", end="", file=sys.stderr, flush=True)

        run = match_run_execute(run=run, on_progress=progress)
        if tty:
            print(file=sys.stderr)
        result = {
            "members": run.members,
            "opportunities": run.opportunities,
            "seats": run.seats,
            "assigned": run.assigned,
            "total_score": run.total_score,
            "seconds": run.seconds,
        }
        self.stdout.write(json.dumps(result))
