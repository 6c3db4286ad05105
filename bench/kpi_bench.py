"""`tamkeen bench kpi [--scale N]`: the year's figures at national scale on PostgreSQL.

1. Build (once; reused while the scale is the same) a schema `bench_kpi` beside the project's tables, with the
   same table definitions (CREATE TABLE … LIKE public.…): 13 regions' worth of offices (130) and governorates
   (150), 300 entities, N households (default 1,000,000), three members each, and the outcome history of eight
   Hijri years (1439–1446): each year about 6 % of households get a hire, 3 % an economic outcome and 8 % a
   training completion, 85 % verified, the rest reported or refuted. Everything is generated inside PostgreSQL
   (generate_series, setseed), so it takes minutes, not hours.
2. Ours, warm (one run to warm the cache, then the median of five): the dashboard's figures for one year as the
   regional manager's page computes them (headline, offices table with targets, trend over the years), and the
   query behind `tamkeen kpi --year Y` with and without each breakdown.
3. Baseline, same run: the plain GROUP BY over the raw tables (outcomes joined with members, households, offices
   and governorates, COUNT(DISTINCT) per group).
4. End to end: `tamkeen kpi --year 1440 --by office` as a subprocess (Python and Django start-up included).

Result lines are JSON; the last line holds the ratios against the baseline. The schema is left in place for the
next run (`DROP SCHEMA bench_kpi CASCADE` removes it).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = "bench_kpi"
TABLES = [
    "geography_region",
    "geography_governorate",
    "geography_office",
    "geography_office_governorates",
    "partners_entity",
    "registry_household",
    "registry_member",
    "outcomes_countingrule",
    "outcomes_outcome",
    "outcomes_followup",
    "reports_target",
]
YEARS = range(1439, 1447)
OFFICES = 130
GOVERNORATES = 150
ENTITIES = 300


def _timed(fn, repeat: int = 5) -> tuple[float, object]:
    fn()  # warm
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _emit(stdout, line: dict) -> None:
    stdout.write(json.dumps(line, ensure_ascii=False))


def _existing_scale(cursor) -> int | None:
    cursor.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = 'bench_meta'",
        [SCHEMA],
    )
    if cursor.fetchone() is None:
        return None
    cursor.execute(f"SELECT households FROM {SCHEMA}.bench_meta")
    row = cursor.fetchone()
    return row[0] if row else None


def build(cursor, households: int, log) -> None:
    from tamkeen.core.hijri import hijri_year_range

    cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    cursor.execute(f"CREATE SCHEMA {SCHEMA}")
    for table in TABLES:
        cursor.execute(f"CREATE TABLE {SCHEMA}.{table} (LIKE public.{table} INCLUDING ALL)")
    cursor.execute(f"SET search_path TO {SCHEMA}, public")
    cursor.execute("SELECT setseed(0.1440)")
    log("reference data")
    cursor.execute(
        "INSERT INTO geography_region (id, code, name_ar, name_en) VALUES (1, 'SA-BN', 'المملكة', 'Kingdom')"
    )
    cursor.execute(
        "INSERT INTO geography_governorate (id, region_id, code, name_ar, name_en, is_seat, population, aliases) "
        f"SELECT g, 1, 'G' || lpad(g::text, 3, '0'), 'محافظة ' || g, 'Governorate ' || g, g = 1, 10000, '[]' "
        f"FROM generate_series(1, {GOVERNORATES}) g"
    )
    cursor.execute(
        "INSERT INTO geography_office (id, code, kind, name_ar, name_en, region_id) "
        f"SELECT o, 'O' || lpad(o::text, 3, '0'), 'office', 'مكتب ' || o, 'Office ' || o, 1 "
        f"FROM generate_series(1, {OFFICES}) o"
    )
    cursor.execute(
        "INSERT INTO partners_entity (id, created_at, updated_at, code, kind, name_ar, name_en, region_id, sectors, "
        "contact_name, contact_phone, contact_email, response_days, is_active) "
        "SELECT e, now(), now(), 'E' || lpad(e::text, 4, '0'), "
        "(ARRAY['private_employer','training_provider','financing_body','non_profit','government'])[1 + e % 5], "
        f"'جهة ' || e, 'Entity ' || e, 1, '', '', '', '', 14, true FROM generate_series(1, {ENTITIES}) e"
    )
    cursor.execute(
        "INSERT INTO outcomes_countingrule (effective_from, employment_kinds, economic_kinds, note) "
        "SELECT effective_from, employment_kinds, economic_kinds, note FROM public.outcomes_countingrule"
    )
    log(f"{households} households")
    cursor.execute(
        "INSERT INTO registry_household (id, created_at, updated_at, file_number, office_id, governorate_id, address, "
        "status, needs_review) "
        f"SELECT h, now(), now(), (1000000 + h)::text, 1 + h % {OFFICES}, 1 + h % {GOVERNORATES}, '', 'active', false "
        f"FROM generate_series(1, {households}) h"
    )
    log(f"{3 * households} members")
    cursor.execute(
        "INSERT INTO registry_member (id, created_at, updated_at, household_id, national_id, relation, first_name, "
        "father_name, grandfather_name, family_name, name_key, gender, birth_date, phone, education, marital_status, "
        "disability, is_disability_registered, work_capacity, is_full_time_student, is_caregiver, skills, "
        "employment_status, is_on_employment_platform, needs_review) "
        "SELECT m, now(), now(), (m + 2) / 3, (1000000000 + m)::text, "
        "CASE m % 3 WHEN 1 THEN 'head' WHEN 2 THEN 'wife' ELSE 'son' END, 'اسم', '', '', 'عائلة', 'اسم عائلة', "
        "CASE WHEN m % 3 = 2 OR random() < 0.3 THEN 'F' ELSE 'M' END, date '1980-01-01' + (m % 9000), '', '', '', "
        "CASE WHEN random() < 0.05 THEN 'physical' ELSE 'none' END, false, 'able', false, false, '', 'unemployed', "
        f"false, false FROM generate_series(1, {3 * households}) m"
    )
    for year in YEARS:
        start, end = hijri_year_range(year)
        days = (end - start).days + 1
        log(f"outcomes of {year}")
        for kind_sql, share in (
            ("'hired'", 0.06),
            (
                "(ARRAY['project_financed','project_started','productive_family_certificate',"
                "'freelance_document'])[1 + floor(random() * 4)::int]",
                0.03,
            ),
            ("'training_completed'", 0.08),
        ):
            cursor.execute(
                "INSERT INTO outcomes_outcome (created_at, updated_at, member_id, household_id, office_id, "
                "governorate_id, gender, disability, kind, track, date, entity_id, employer_name, "
                "establishment_number, certificate_number, verification_status, evidence_kind, is_discovered, note) "
                "SELECT now(), now(), m.id, m.household_id, h.office_id, h.governorate_id, m.gender, m.disability, "
                "x.kind, CASE x.kind WHEN 'hired' THEN 'employment' WHEN 'training_completed' THEN 'training' "
                "ELSE 'entrepreneurship' END, %s::date + floor(random() * %s)::int, "
                f"CASE WHEN random() < 0.9 THEN 1 + floor(random() * {ENTITIES})::int END, '', '', '', "
                "x.status, CASE WHEN x.status = 'reported' THEN '' ELSE 'document' END, false, '' "
                f"FROM (SELECT 1 + floor(random() * {3 * households})::int AS member_id, {kind_sql} AS kind, "
                "CASE WHEN random() < 0.85 THEN 'verified' WHEN random() < 0.5 THEN 'refuted' ELSE 'reported' END "
                f"AS status FROM generate_series(1, {int(households * share)})) x "
                "JOIN registry_member m ON m.id = x.member_id JOIN registry_household h ON h.id = m.household_id",
                [start, days],
            )
    cursor.execute(
        "INSERT INTO reports_target (office_id, year, calendar, empowered_families, empowered_members, updated_at) "
        f"SELECT o, y, 'hijri', {households} / {OFFICES} / 16, {households} / {OFFICES} / 14, now() "
        f"FROM generate_series(1, {OFFICES}) o, generate_series({YEARS.start}, {YEARS.stop - 1}) y"
    )
    log("analyse")
    cursor.execute("ANALYZE")
    cursor.execute(f"CREATE TABLE {SCHEMA}.bench_meta (households integer)")
    cursor.execute(f"INSERT INTO {SCHEMA}.bench_meta VALUES (%s)", [households])


def ensure_tables(cursor) -> None:
    """Tables added to the project since the schema was built (it is reused between runs)."""
    # Snapshots are rebuilt every run (and their table follows the project's current definition).
    cursor.execute(f"DROP TABLE IF EXISTS {SCHEMA}.reports_kpisnapshot")
    for table in TABLES:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{table} (LIKE public.{table} INCLUDING ALL)")
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS bench_outcome_status_date_cover ON {SCHEMA}.outcomes_outcome "
        "(verification_status, date) INCLUDE (kind, member_id, household_id, office_id)"
    )


def run(scale, stdout) -> None:
    from django.db import connection

    households = scale or 1_000_000
    if connection.vendor != "postgresql":
        _emit(stdout, {"bench": "kpi", "skipped": "needs PostgreSQL: set DATABASE_URL=postgres://…"})
        return

    def log(message: str) -> None:
        print(f"kpi bench: {message} …", file=sys.stderr, flush=True)

    from tamkeen.outcomes.counting import year_range
    from tamkeen.outcomes.services import figures_changed
    from tamkeen.reports import selectors
    from tamkeen.reports.kpi import kpi, plain_group_by
    from tamkeen.reports.rollups import kpi_cached

    with connection.cursor() as cursor:
        if _existing_scale(cursor) != households:
            started = time.perf_counter()
            build(cursor, households, log)
            _emit(
                stdout,
                {
                    "bench": "kpi",
                    "step": "build",
                    "households": households,
                    "seconds": round(time.perf_counter() - started, 1),
                },
            )
        cursor.execute(f"SET search_path TO {SCHEMA}, public")
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE verification_status = 'verified') FROM outcomes_outcome"
        )
        outcomes, verified = cursor.fetchone()
    try:
        year = 1440
        scope = selectors.Scope(
            region_id=1,
            office_ids=None,
            label="bench",
            offices=list(selectors.Office.objects.filter(region_id=1).order_by("code")),
        )

        def dashboard_figures():
            return (
                selectors.headline(scope, year, "hijri"),
                selectors.office_table(scope, year, "hijri"),
                selectors.trend_table(scope, "hijri", year),
            )

        started = time.perf_counter()
        dashboard_figures()
        ms_cold = round((time.perf_counter() - started) * 1000, 1)
        ms_dashboard, (head, _offices, _trend) = _timed(dashboard_figures)
        _emit(
            stdout,
            {
                "bench": "kpi",
                "step": "dashboard figures (headline, offices, trend of 8 years)",
                "households": households,
                "outcomes": outcomes,
                "verified": verified,
                "ms_warm": ms_dashboard,
                "target_ms": 300,
                "ms_cold_first_read": ms_cold,
                "empowered_families": head["empowered_families"],
            },
        )
        ours, live = {}, {}
        for by in (None, "office", "track", "entity", "governorate", "gender", "disability"):
            ms_live, _ = _timed(lambda by=by: kpi(year=year, by=by), repeat=3)
            ms, _ = _timed(lambda by=by: kpi_cached(year=year, by=by))
            ours[by or "total"], live[by or "total"] = ms, ms_live
            _emit(
                stdout,
                {
                    "bench": "kpi",
                    "step": f"kpi --year {year}" + (f" --by {by}" if by else ""),
                    "ms_warm": ms,
                    "ms_recomputed": ms_live,
                },
            )
        # Kept correct: a verification raises the year's version; the next read recomputes and sees it.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, date FROM outcomes_outcome WHERE verification_status = 'reported' AND "
                "kind = 'hired' AND date BETWEEN %s AND %s ORDER BY id LIMIT 1",
                list(year_range(year, "hijri")),
            )
            outcome_id, day = cursor.fetchone()
            before = kpi_cached(year=year)["employment_members"]
            cursor.execute(
                "UPDATE outcomes_outcome SET verification_status = 'verified', evidence_kind = 'document' "
                "WHERE id = %s",
                [outcome_id],
            )
            figures_changed(days=[day])
            started = time.perf_counter()
            after = kpi_cached(year=year)["employment_members"]
            ms_stale = round((time.perf_counter() - started) * 1000, 1)
            expected = kpi(year=year)["employment_members"]
            cursor.execute(
                "UPDATE outcomes_outcome SET verification_status = 'reported', evidence_kind = '' "
                "WHERE id = %s",
                [outcome_id],
            )
            figures_changed(days=[day])
        _emit(
            stdout,
            {
                "bench": "kpi",
                "step": "a newly verified hire appears",
                "employment_members_before": before,
                "after": after,
                "recomputed_from_outcomes": expected,
                "correct": after == expected,
                "ms_first_read_after_change": ms_stale,
            },
        )
        baseline = {}
        for by in (None, "office"):
            ms, _ = _timed(lambda by=by: plain_group_by(year=year, by=by))
            baseline[by or "total"] = ms
            _emit(
                stdout,
                {
                    "bench": "kpi",
                    "step": "baseline: plain GROUP BY over raw tables" + (f" by {by}" if by else ""),
                    "ms_warm": ms,
                },
            )
        kpi_cached(year=year, by="office")  # the change above made it stale; a real run reads it warm
        env = {**os.environ, "PGOPTIONS": f"-c search_path={SCHEMA},public"}
        cpu_before = _children_cpu()
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
                "import django; django.setup(); from django.db import connection; connection.ensure_connection()",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=False,
        )
        startup = round(time.perf_counter() - started, 2)
        startup_cpu = round(_children_cpu() - cpu_before, 2)
        cpu_before = _children_cpu()
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "tamkeen.cli", "kpi", "--year", str(year), "--by", "office"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        end_to_end = round(time.perf_counter() - started, 2)
        end_to_end_cpu = round(_children_cpu() - cpu_before, 2)
        printed = json.loads(completed.stdout) if completed.returncode == 0 else {}
        _emit(
            stdout,
            {
                "bench": "kpi",
                "step": f"tamkeen kpi --year {year} --by office (subprocess)",
                "seconds": end_to_end,
                "seconds_of_python_and_django_start_up": startup,
                "cpu_seconds": end_to_end_cpu,
                "cpu_seconds_of_start_up": startup_cpu,
                "target_seconds": 2,
                "same_as_in_process": printed.get("empowered_families") == head["empowered_families"],
            },
        )
        _emit(
            stdout,
            {
                "bench": "kpi",
                "ratios_vs_plain_group_by": {
                    "total_warm": round(baseline["total"] / ours["total"], 1) if ours["total"] else None,
                    "office_warm": round(baseline["office"] / ours["office"], 1) if ours["office"] else None,
                    "total_recomputed": round(baseline["total"] / live["total"], 2)
                    if live["total"]
                    else None,
                    "office_recomputed": round(baseline["office"] / live["office"], 2)
                    if live["office"]
                    else None,
                },
                "dashboard_ms_warm": ms_dashboard,
                "kpi_by_office_ms_warm": ours["office"],
            },
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET search_path TO public")
