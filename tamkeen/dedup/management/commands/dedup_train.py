"""Train the linkage model without labels on generated records and save it (a new version when --version)."""

import json
import sys
import time

from django.core.management.base import BaseCommand

from tamkeen.dedup import linkage_model
from tamkeen.dedup.linkage import train_model


class Command(BaseCommand):
    help = "Train the record-linkage model (EM, no labels) on generated records and save it as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--output", default=str(linkage_model.DEFAULT_MODEL))

    def handle(self, *args, records, seed, output, **options):
        sys.path.insert(0, str(linkage_model.MODELS_DIR.parents[2]))
        from bench.linkage_data import generate

        started = time.monotonic()
        rows, _ = generate(records, seed=seed)
        train_model(
            rows,
            path=output,
            trained_on={"generator": "bench.linkage_data", "records": records, "seed": seed},
        )
        self.stdout.write(
            json.dumps({"records": records, "model": output, "seconds": round(time.monotonic() - started, 1)})
        )
