"""The load test's slowest queries when PostgreSQL has no pg_stat_statements: the application times each
statement by its shape (no values, so no personal data) and the processes' files add up."""

import json

import pytest

from tamkeen.core import querystats

pytestmark = pytest.mark.django_db


def test_a_statement_is_kept_by_its_shape_without_its_values():
    sql = "SELECT * FROM registry_member WHERE national_id = '1098765432' AND id IN (1, 2, 3) LIMIT 21"
    assert (
        querystats.shape(sql) == "SELECT * FROM registry_member WHERE national_id = ? AND id IN (…) LIMIT ?"
    )


def test_each_process_writes_its_totals_and_merge_adds_them_up(
    world, client_for, tmp_path, monkeypatch, settings
):
    monkeypatch.setattr(querystats, "_totals", {})
    monkeypatch.setattr(querystats, "_last_write", 0.0)
    settings.TAMKEEN_QUERY_STATS_DIR = str(tmp_path)
    settings.MIDDLEWARE = ["tamkeen.core.querystats.QueryStatsMiddleware", *settings.MIDDLEWARE]
    response = client_for(world.worker_sby).get(f"/registry/households/{world.household_sby.pk}/")
    assert response.status_code == 200
    (tmp_path / "99999.json").write_text(json.dumps({"SELECT ?": [3, 1.5, 1.0]}))
    rows = querystats.merge(tmp_path)
    assert any(row["query"] == "SELECT ?" and row["calls"] == 3 for row in rows)
    household_reads = [row for row in rows if 'FROM "registry_household"' in row["query"]]
    assert household_reads and all(row["calls"] >= 1 and row["max_ms"] >= 0 for row in household_reads)
    assert rows == sorted(rows, key=lambda row: row["total_ms"], reverse=True)
    assert world.head_sby.national_id not in json.dumps(rows)
