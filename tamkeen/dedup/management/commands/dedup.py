"""`tamkeen dedup [--threshold P]` (cli.md): the registry's probable duplicates into the review queue."""

import json

from django.core.management.base import BaseCommand, CommandError

from tamkeen.dedup.registry_run import run_registry_dedup


class Command(BaseCommand):
    help = (
        "Find probable duplicate members in the registry and put new pairs in the supervisors' review queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--threshold", type=float, default=0.9)

    def handle(self, *args, threshold, **options):
        if not 0 < threshold <= 1:
            raise CommandError("--threshold must be in (0, 1]", returncode=2)
        self.stdout.write(json.dumps(run_registry_dedup(threshold=threshold)))
