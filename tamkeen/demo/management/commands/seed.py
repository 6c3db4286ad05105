import json

from django.core.management.base import BaseCommand

from tamkeen.demo.seeding import SeedContext, progress_stream, run_seed


class Command(BaseCommand):
    help = "Seed the synthetic Jazan region (deterministic for a given --random-seed); prints one JSON line of counts."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=3000)
        parser.add_argument("--random-seed", type=int, default=1440)

    def handle(self, *args, households: int, random_seed: int, **options):
        ctx = SeedContext(households=households, random_seed=random_seed, progress=progress_stream())
        counts = run_seed(ctx)
        self.stdout.write(json.dumps(counts, ensure_ascii=False, sort_keys=True))
