"""A command starts fast: the libraries that take seconds to load are imported only where they are used.

Starting Django (every app's models, admin, signals) and loading `tamkeen kpi` must not pull in record linkage
(Splink, DuckDB), the allocator (OR-Tools), data frames (pandas, polars, pyarrow), NumPy, PDF (WeasyPrint) or
spreadsheets (openpyxl); `tamkeen kpi` starts without the API framework too (tamkeen.cli.LIGHT_COMMANDS)."""

import os
import subprocess
import sys

HEAVY = ("splink", "duckdb", "ortools", "pandas", "numpy", "weasyprint", "openpyxl", "polars", "pyarrow")

PROBE = """
import sys
import tamkeen.cli
argv = tamkeen.cli.prepare(sys.argv[1:])
import django
django.setup()
if argv:
    from django.core.management import load_command_class
    load_command_class("tamkeen.reports", argv[0])
print(" ".join(sorted(name for name in {names} if name in sys.modules)))
"""


def loaded_after_start(*argv: str, also: tuple[str, ...] = ()) -> set[str]:
    env = {key: value for key, value in os.environ.items() if key != "TAMKEEN_CLI_LIGHT"}
    code = PROBE.format(names=repr((*HEAVY, *also)))
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_starting_django_imports_none_of_the_heavy_libraries():
    assert loaded_after_start() == set()


def test_the_kpi_command_starts_without_them_nor_the_api_framework():
    assert loaded_after_start("kpi", "--year", "1446", also=("ninja", "pydantic", "qrcode", "PIL")) == set()
