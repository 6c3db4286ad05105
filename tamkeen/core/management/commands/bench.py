"""`tamkeen bench NAME [--scale N]`: run bench/<NAME>_bench.py's run(scale, stdout).

`tamkeen bench all` runs every benchmark in turn; an unknown NAME lists the available ones.
"""

import importlib
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def available() -> list[str]:
    folder = Path(settings.BASE_DIR) / "bench"
    return sorted(path.name.removesuffix("_bench.py") for path in folder.glob("*_bench.py"))


class Command(BaseCommand):
    help = "Run one benchmark of bench/ (or all of them) and print its result lines."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the benchmark: " + ", ".join(available()) + " or all")
        parser.add_argument(
            "--scale", type=int, default=None, help="instance size (each benchmark says what)"
        )

    def handle(self, *args, name, scale, **options):
        names = available()
        if name == "all":
            chosen = names
        elif name in names:
            chosen = [name]
        else:
            raise CommandError(f"unknown benchmark {name!r}; available: {', '.join(names) or 'none'}, all")
        root = str(Path(settings.BASE_DIR))
        if root not in sys.path:
            sys.path.insert(0, root)
        for each in chosen:
            module = importlib.import_module(f"bench.{each}_bench")
            module.run(scale, self.stdout)
