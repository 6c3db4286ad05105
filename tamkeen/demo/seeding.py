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
    "manager.national",
    "partner.employer",
    "partner.trainer",
    "partner.bank",
    "organiser",
    "auditor",
    "admin",
]
DEMO_PASSWORD = "tamkeen-demo"


# Case-work history (assessments, plans, consents, referrals, outcomes, enterprises, forum registrations) is
# generated for at most this many households: a region of a million households is seeded in minutes, and its
# demo pages and figures still rest on tens of thousands of realistic cases. The rest of the registry is there
# for search, linkage and load.
HISTORY_HOUSEHOLDS = 20_000


@dataclass
class SeedContext:
    households: int = 3000
    random_seed: int = 1440
    progress: TextIO | None = None
    counts: dict[str, int] = field(default_factory=dict)
    history_households: int = HISTORY_HOUSEHOLDS
    _history_cutoff: int | None = field(default=None, repr=False)

    def rng_for(self, step: str) -> random.Random:
        return random.Random(f"{self.random_seed}:{step}")

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def history_filter(self, household_field: str = "household_id") -> dict:
        """A filter limiting a history step to the first `history_households` households (none when fewer)."""
        if self._history_cutoff is None:
            from tamkeen.registry.models import Household

            ids = Household.objects.order_by("pk").values_list("pk", flat=True)
            last = ids[self.history_households - 1 : self.history_households]
            self._history_cutoff = last[0] if last else 0
        return {f"{household_field}__lte": self._history_cutoff} if self._history_cutoff else {}

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
