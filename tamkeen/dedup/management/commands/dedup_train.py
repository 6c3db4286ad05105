"""Train the linkage model without labels on generated records and save it (a new version when --version)."""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from tamkeen.dedup import linkage_model
from tamkeen.dedup.labels import evaluate, read_labels
from tamkeen.dedup.linkage import train_model


class Command(BaseCommand):
    help = "Train the record-linkage model (EM, no labels) on generated records and save it as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--output", default=str(linkage_model.DEFAULT_MODEL))
        parser.add_argument(
            "--labels",
            default=None,
            help="a directory written by dedup_labels: the new version is measured on the review queue's "
            "decisions and the result is recorded in its file",
        )

    def handle(self, *args, records, seed, output, labels, **options):
        sys.path.insert(0, str(linkage_model.MODELS_DIR.parents[2]))
        from bench.linkage_data import generate

        started = time.monotonic()
        rows, _ = generate(records, seed=seed)
        model = train_model(
            rows,
            path=output,
            trained_on={"generator": "bench.linkage_data", "records": records, "seed": seed},
        )
        result = {"records": records, "model": output}
        if labels:
            model["tamkeen"]["labelled_evaluation"] = evaluate(model, read_labels(labels))
            Path(output).write_text(json.dumps(model, ensure_ascii=False, indent=1), encoding="utf-8")
            result["labelled_evaluation"] = model["tamkeen"]["labelled_evaluation"]
        result["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(json.dumps(result))
