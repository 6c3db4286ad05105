"""The synthetic demo region, built step by step by the apps that own each part.

Each app that contributes demo data has `seed.py` with `seed(ctx: SeedContext) -> None`. Steps run in
SEED_ORDER (reference data first, people next, their history last). A step draws every random choice from
`ctx.rng_for(step)`, so a given --random-seed always yields the same region.
"""

import random
import sys
from dataclasses import dataclass, field
from importlib import import_module
from typing import TextIO

from django.db import transaction

SEED_ORDER = [
    "tamkeen.geography",
    "tamkeen.partners",
    "tamkeen.accounts",
    "tamkeen.registry",
    "tamkeen.assessments",
    "tamkeen.cases",
    "tamkeen.opportunities",
    "tamkeen.consent",
    "tamkeen.referrals",
    "tamkeen.matching",
    "tamkeen.outcomes",
    "tamkeen.enterprises",
    "tamkeen.forum",
    "tamkeen.reports",
    "tamkeen.dedup",
]

DEMO_PERSONAS = [
    "worker.sby",
    "supervisor.sby",
    "worker.frs",
    "supervisor.frs",
    "manager.jazan",
    "partner.employer",
    "partner.trainer",
    "partner.bank",
    "organiser",
    "auditor",
    "admin",
]
DEMO_PASSWORD = "tamkeen-demo"


@dataclass
class SeedContext:
    households: int = 3000
    random_seed: int = 1440
    progress: TextIO | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def rng_for(self, step: str) -> random.Random:
        return random.Random(f"{self.random_seed}:{step}")

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def say(self, message: str) -> None:
        if self.progress is not None:
            print(message, file=self.progress, flush=True)


def seed_modules():
    for app in SEED_ORDER:
        try:
            yield app, import_module(f"{app}.seed")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.seed":
                raise
            continue


def run_seed(ctx: SeedContext) -> dict[str, int]:
    for app, module in seed_modules():
        ctx.say(f"seeding {app.rsplit('.', 1)[-1]} …")
        # Large steps commit in batches themselves; small ones are all-or-nothing.
        if getattr(module, "COMMITS_IN_BATCHES", False):
            module.seed(ctx)
        else:
            with transaction.atomic():
                module.seed(ctx)
    return ctx.counts


def progress_stream() -> TextIO | None:
    return sys.stderr if sys.stderr.isatty() else None
