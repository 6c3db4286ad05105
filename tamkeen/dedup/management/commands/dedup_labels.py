"""`tamkeen dedup_labels --output DIR`: the review queue's decisions as labelled pairs for training."""

import json

from django.core.management.base import BaseCommand

from tamkeen.dedup.labels import write_labels


class Command(BaseCommand):
    help = "Write the review queue's decisions (merges, different people) as labelled pairs: people.csv, labels.csv."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="a directory")

    def handle(self, *args, output, **options):
        self.stdout.write(json.dumps(write_labels(output)))
