"""`tamkeen bench audit` on a small trail (PostgreSQL): both tables, the member query pruned to a year's months."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs inside PostgreSQL"),
]


def test_the_audit_benchmark_compares_the_partitioned_trail_with_the_plain_one():
    out = StringIO()
    call_command("bench", "audit", "--scale", "30000", stdout=out)
    lines = {line["step"]: line for line in map(json.loads, out.getvalue().splitlines())}
    assert list(lines) == ["instance", "load", "audit_plain", "audit_part", "ratios"]
    assert lines["instance"]["events"] == 30000 and lines["instance"]["partitions"] == 25
    plain, part = lines["audit_plain"]["explain_member_year"], lines["audit_part"]["explain_member_year"]
    assert plain["rows"] == part["rows"]  # the same rows from both tables
    assert plain["relations"] == ["audit_plain"]
    # A year of a 24-month trail: 12 or 13 monthly partitions scanned, never the other months or the default.
    assert 12 <= part["relations_scanned"] <= 13 and "audit_part_default" not in part["relations"]
    assert any("Index Scan" in node for node in part["node_types"])
    assert part["partitions_pruned"] == 25 - part["relations_scanned"]
    assert all(name.endswith("_i2") for name in part["indexes"])  # each month's member_id index
    assert lines["instance"]["plain_baseline"] is True  # 30,000 events fit beside the disk floor
    assert lines["load"]["partitioned_bytes_per_event"] > 0 and lines["load"]["plain_bytes_per_event"] > 0
    assert all("load_average_1m" in line for line in lines.values())
    with connection.cursor() as cursor:
        scratch = f"{connection.settings_dict['NAME']}_bench_audit"
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone()[0] == 0  # the scratch database is gone


def test_a_kept_trail_is_queried_again_without_generating_it(monkeypatch):
    monkeypatch.setenv("TAMKEEN_BENCH_KEEP", "1")
    first = StringIO()
    call_command("bench", "audit", "--scale", "3000", stdout=first)
    monkeypatch.delenv("TAMKEEN_BENCH_KEEP")
    monkeypatch.setenv("TAMKEEN_BENCH_REUSE", "1")
    again = StringIO()
    call_command("bench", "audit", stdout=again)  # no --scale: the kept database says how many events
    lines = {line["step"]: line for line in map(json.loads, again.getvalue().splitlines())}
    assert list(lines) == [
        "audit_plain",
        "audit_part",
        "ratios",
    ]  # no instance or load step: nothing generated
    assert lines["audit_part"]["events"] == 3000 and lines["audit_part"]["loaded"] is True
    kept = {line["step"]: line for line in map(json.loads, first.getvalue().splitlines())}
    assert (
        lines["audit_part"]["explain_member_year"]["rows"]
        == kept["audit_part"]["explain_member_year"]["rows"]
    )
    with connection.cursor() as cursor:
        scratch = f"{connection.settings_dict['NAME']}_bench_audit"
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [scratch])
        assert cursor.fetchone()[0] == 0  # dropped after the second run
