"""bench.roll_file writes rolls whose rejected rows are known in advance: checked against the real importer."""

import csv
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from bench.roll_file import REASONS, write_roll
from tamkeen.geography.selectors import load_data_file
from tamkeen.geography.services import offices_load
from tamkeen.registry.models import Household, Member


@pytest.fixture
def offices(db):
    offices_load(load_data_file("jazan_offices.json"))


def import_roll(path, report):
    out = io.StringIO()
    call_command("import_roll", str(path), "--report", str(report), stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def rejected_rows_by_reason(report) -> Counter:
    with open(report, encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    rows_per_reason: dict[str, set[str]] = {}
    for line in lines:
        rows_per_reason.setdefault(line["reason"], set()).add(line["row"])
    return Counter({reason: len(rows) for reason, rows in rows_per_reason.items()})


@pytest.mark.parametrize(("fmt", "arabic_headers"), [("csv", False), ("xlsx", True)])
def test_the_importer_rejects_exactly_the_rows_the_writer_spoiled(offices, tmp_path, fmt, arabic_headers):
    path = tmp_path / f"roll.{fmt}"
    expected = write_roll(path, 2500, seed=3, bad_fraction=0.06, fmt=fmt, arabic_headers=arabic_headers)
    assert expected["rows"] == 2500
    assert set(expected["by_reason"]) == set(REASONS)  # every reason code appears

    summary = import_roll(path, tmp_path / "report.csv")

    assert summary["rows"] == expected["rows"]
    assert summary["rejected"] == expected["rejected"]
    assert rejected_rows_by_reason(tmp_path / "report.csv") == Counter(expected["by_reason"])
    assert Member.objects.count() == expected["rows"] - expected["rejected"]
    assert abs(expected["rejected"] / expected["rows"] - 0.06) < 0.01


def test_a_clean_roll_imports_whole_and_the_same_seed_writes_the_same_file(offices, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    expected = write_roll(first, 400, seed=9, bad_fraction=0.0)
    write_roll(second, 400, seed=9, bad_fraction=0.0)
    assert first.read_bytes() == second.read_bytes()
    assert expected["rejected"] == 0

    summary = import_roll(first, tmp_path / "report.csv")

    assert summary["rejected"] == 0
    assert summary["members_created"] == 400
    assert Household.objects.count() == expected["households"]
