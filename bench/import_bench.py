"""Roll import benchmark: `tamkeen bench import [--scale N]` (N member rows, default 1,000,000).

`bench/roll_file.py` writes a realistic roll (households of the synthetic population, Arabic names, Hijri and
Gregorian birth dates, phones in every common form, Arabic-Indic digits now and then) with 2 % bad rows spread
over every reason code of files.md §1 except ``belongs_to_other_household`` (the scratch registry is empty).
Then, on PostgreSQL, in one run and on the same file:

  (a) COPY of the file into a bare table of 18 text columns, no validation: the baseline;
  (1) `tamkeen import-roll FILE --method sets`: the set-based import as shipped on PostgreSQL (column-wise
      validation, COPY into staging, set-based apply, history and audit, one transaction), in a subprocess,
      then the same file again (the monthly case: every row unchanged);
  (2) `tamkeen import-roll FILE --method rows`: the row-wise import (two passes, a transaction per batch of
      2,000), in a subprocess, into an emptied registry, then again. Above ROW_WISE_FULL rows it would take
      well over 20 minutes on this machine, so it runs on the file's first ROW_WISE_SAMPLE rows (cut at a
      household) and its rate is per row (the output says ``"row_wise_sampled": true``); the set-based import
      then runs on that sample too, from the same emptied registry, for a ratio on the same rows and state
      (``set_based_vs_row_wise_same_rows``: indexes grow, so a per-row rate at one scale is not the other's).
      ``TAMKEEN_BENCH_IMPORT_ROW_WISE_FULL=N`` raises that threshold: with N at least the scale, the row-wise
      import runs on every row of the file, as the goal's "today's importer at 1,000,000 rows" asks.

Rates are over ``importer.run()`` as timed inside each process (``import-roll --timings``), so Django's start-up
is left out; beside them: the import's own CPU seconds, its PostgreSQL backend's CPU seconds (from /proc, when
the server runs on this machine), the whole process's CPU seconds, the set-based import's peak RSS and its
phases (``phases``: wall, client CPU and backend CPU seconds of each, see roll/phases.py). The load
average is printed before and after: on a shared machine wall times are several times the CPU times. A scratch
database (``TAMKEEN_BENCH_IMPORT_DB``, default tamkeen_bench_import) is created and dropped here.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_MEMBERS = 1_000_000
BAD_FRACTION = 0.02
SEED = 1447
BENCH_DB = os.environ.get("TAMKEEN_BENCH_IMPORT_DB", "tamkeen_bench_import")  # a scratch database
ROW_WISE_FULL = int(os.environ.get("TAMKEEN_BENCH_IMPORT_ROW_WISE_FULL", "100000"))
ROW_WISE_SAMPLE = 50_000
TARGET_VS_COPY = 0.1
TARGET_VS_ROW_WISE = 20.0
TARGET_PEAK_RSS_MIB = 1024
REGISTRY_TABLES = ("registry_household", "registry_member", "registry_recordchange", "registry_reviewflag",
                   "core_auditevent")  # fmt: skip


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _run_import(path: Path, method: str, env: dict, report: Path) -> dict:
    """One import in its own process: wall seconds, its CPU seconds and peak RSS, its JSON line, report reasons."""
    command = [sys.executable, "-m", "tamkeen.cli", "import-roll", str(path), "--method", method,
               "--report", str(report), "--timings"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"import-roll --method {method} failed: {stderr[-2000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    own = next(json.loads(line[8:]) for line in stderr.splitlines() if line.startswith("timings "))
    reasons: dict[str, int] = {}
    if report.exists():
        with report.open(encoding="utf-8-sig") as handle:
            for line in csv.DictReader(handle):
                reasons[line["reason"]] = reasons.get(line["reason"], 0) + 1
    return {"seconds": seconds, "summary": summary, "reasons": dict(sorted(reasons.items())),
            "import_seconds": own["seconds"], "import_cpu_seconds": own["cpu_seconds"],
            "server_cpu_seconds": own.get("server_cpu_seconds"), "phases": own.get("phases")}  # fmt: skip


def _measured(function, *args) -> dict:
    """``function(*args)`` with the CPU seconds and peak RSS of the child process it runs."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = function(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_seconds"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # ru_maxrss of the children is the largest child so far: the set-based import runs first, so its peak
    # is its own; the row-wise import's is only reported when larger.
    result["peak_rss_mib"] = after.ru_maxrss / 1024
    return result


def _empty_registry(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(REGISTRY_TABLES)} RESTART IDENTITY CASCADE")


def _head(path: Path, rows: int, target: Path) -> Path:
    """The file's header and first ``rows`` data rows (lines: the generator writes one line per row), cut at
    a household boundary so no household loses members."""
    with (
        path.open(encoding="utf-8", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader, writer = csv.reader(source), csv.writer(out)
        writer.writerow(next(reader))
        last_file = None
        for count, cells in enumerate(reader):
            if count >= rows and cells[0] != last_file:
                break
            writer.writerow(cells)
            last_file = cells[0]
    return target


def run(scale: int | None, stdout) -> None:
    from django.db import connection, connections

    from bench.roll_file import write_roll

    members = scale or DEFAULT_MEMBERS
    if connection.vendor != "postgresql":
        stdout.write(json.dumps({"bench": "import", "error": "needs PostgreSQL: set DATABASE_URL"}))
        return
    workdir = Path(tempfile.mkdtemp(prefix="tamkeen-bench-import-"))
    path = workdir / "roll.csv"
    load_start = _load()
    started = time.perf_counter()
    generated = write_roll(path, members, SEED, BAD_FRACTION)
    sys.stderr.write(
        f"generated {path} ({path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s\n"
    )

    settings_dict = connections["default"].settings_dict
    old_name = settings_dict["NAME"]
    settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DB
    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        _load_offices()
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + BENCH_DB
        env = {**os.environ, "DATABASE_URL": url}

        c0 = time.process_time()
        copy_seconds = _copy_baseline(connection, path)
        copy_cpu = time.process_time() - c0
        sys.stderr.write(f"COPY: {copy_seconds:.1f} s\n")

        sets = _measured(_run_import, path, "sets", env, workdir / "rejected-sets.csv")
        sys.stderr.write(f"set-based import: {sets['seconds']:.1f} s\n")
        sets_load = _load()
        sets_again = _run_import(path, "sets", env, workdir / "rejected-sets-again.csv")
        sys.stderr.write(f"set-based re-import: {sets_again['seconds']:.1f} s\n")

        _empty_registry(connection)
        sampled = members > ROW_WISE_FULL
        row_file = _head(path, ROW_WISE_SAMPLE, workdir / "sample.csv") if sampled else path
        rows_way = _measured(_run_import, row_file, "rows", env, workdir / "rejected-rows.csv")
        sys.stderr.write(f"row-wise import: {rows_way['seconds']:.1f} s\n")
        rows_again = _run_import(row_file, "rows", env, workdir / "rejected-rows-again.csv")
        sys.stderr.write(f"row-wise re-import: {rows_again['seconds']:.1f} s\n")
        sets_sample = None
        if sampled:
            # The set-based import on the row-wise import's very rows, from the same emptied registry: a per-row
            # rate at one scale is not the other's (indexes grow), so the ratio is also given on equal terms.
            _empty_registry(connection)
            sets_sample = _run_import(row_file, "sets", env, workdir / "rejected-sets-sample.csv")
            sys.stderr.write(f"set-based import of the sample: {sets_sample['seconds']:.1f} s\n")
    finally:
        connection.close()
        creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        shutil.rmtree(workdir, ignore_errors=True)

    rows = sets["summary"]["rows"]
    row_wise_rows = rows_way["summary"]["rows"]
    # Rates over the import itself (``importer.run()``, timed inside the process): Django's start-up, a
    # few seconds on this machine, is the same for both and not the importer's.
    sets_rate = rows / sets["import_seconds"]
    copy_rate = rows / copy_seconds
    row_wise_rate = row_wise_rows / rows_way["import_seconds"]

    def figures(run_: dict, rate: float) -> dict:
        return {"import_seconds": round(run_["import_seconds"], 1), "rows_per_s": round(rate),
                "import_cpu_seconds": round(run_["import_cpu_seconds"], 1),
                "server_cpu_seconds": run_["server_cpu_seconds"] and round(run_["server_cpu_seconds"], 1),
                "process_seconds": round(run_["seconds"], 1),
                "process_cpu_seconds": round(run_.get("cpu_seconds", 0), 1), "summary": run_["summary"],
                "phases": run_["phases"]}  # fmt: skip

    def again(run_: dict, count: int) -> dict:
        return {"import_seconds": round(run_["import_seconds"], 1), "rows_per_s": round(count / run_["import_seconds"]),
                "import_cpu_seconds": round(run_["import_cpu_seconds"], 1),
                "server_cpu_seconds": run_["server_cpu_seconds"] and round(run_["server_cpu_seconds"], 1),
                "unchanged": run_["summary"]["unchanged"], "phases": run_["phases"]}  # fmt: skip

    result = {
        "bench": "import",
        "members": rows,
        "generated": generated,
        "load_average_before": load_start,
        "copy": {"seconds": round(copy_seconds, 2), "rows_per_s": round(copy_rate),
                 "client_cpu_seconds": round(copy_cpu, 2)},
        "set_based": {**figures(sets, sets_rate), "peak_rss_mib": round(sets["peak_rss_mib"]),
                      "report_lines_by_reason": sets["reasons"]},
        "row_wise": {**figures(rows_way, row_wise_rate), "rows": row_wise_rows, "sampled": sampled,
                     "cpu_us_per_row": round(1e6 * rows_way["import_cpu_seconds"] / row_wise_rows)},
        "set_based_reimport": again(sets_again, rows),
        "row_wise_reimport": again(rows_again, row_wise_rows),
        "load_average_after_set_based": sets_load,
    }  # fmt: skip
    same_rows = sets_sample or sets
    result["same_summary_and_reasons"] = (
        rows_way["summary"] == same_rows["summary"] and rows_way["reasons"] == same_rows["reasons"]
    )
    if sets_sample:
        result["set_based_sample"] = figures(sets_sample, row_wise_rows / sets_sample["import_seconds"])
    stdout.write(json.dumps(result, ensure_ascii=False))
    stdout.write(
        json.dumps(
            {
                "set_based_vs_copy": round(sets_rate / copy_rate, 3),
                "target_vs_copy": TARGET_VS_COPY,
                "set_based_vs_row_wise": round(sets_rate / row_wise_rate, 1),
                # on the same rows from the same state (the sample, when the row-wise import runs on one)
                "set_based_vs_row_wise_same_rows": round(
                    row_wise_rows / same_rows["import_seconds"] / row_wise_rate, 1
                ),
                "target_vs_row_wise": TARGET_VS_ROW_WISE,
                "cpu_per_row_row_wise_over_set_based": round(
                    (rows_way["import_cpu_seconds"] / row_wise_rows) / (sets["import_cpu_seconds"] / rows), 1
                ),
                "set_based_cpu_us_per_row": round(1e6 * sets["import_cpu_seconds"] / rows),
                # the client's CPU alone flatters the set-based import, which moves work into PostgreSQL
                "total_cpu_per_row_row_wise_over_set_based": _total_cpu_ratio(
                    rows_way, row_wise_rows, sets, rows
                ),
                "reimport_set_based_vs_row_wise": round(
                    (rows / sets_again["import_seconds"]) / (row_wise_rows / rows_again["import_seconds"]), 1
                ),
                "row_wise_sampled": sampled,
                "set_based_peak_rss_mib": round(sets["peak_rss_mib"]),
                "target_peak_rss_mib": TARGET_PEAK_RSS_MIB,
                "load_average_after": _load(),
            }
        )
    )


def _total_cpu_ratio(rows_way: dict, row_wise_rows: int, sets: dict, rows: int) -> float | None:
    """Client + PostgreSQL backend CPU per row, row-wise over set-based (None without the backend's figure)."""
    if rows_way["server_cpu_seconds"] is None or sets["server_cpu_seconds"] is None:
        return None
    row_wise = (rows_way["import_cpu_seconds"] + rows_way["server_cpu_seconds"]) / row_wise_rows
    set_based = (sets["import_cpu_seconds"] + sets["server_cpu_seconds"]) / rows
    return round(row_wise / set_based, 1)


def _load_offices() -> None:
    from tamkeen.geography.models import Governorate, Office, Region
    from tamkeen.geography.selectors import load_data_file

    data = load_data_file("jazan_offices.json")
    region = Region.objects.get(code=data["region"])
    for row in data["offices"]:
        office = Office.objects.create(
            code=row["code"], kind=row["kind"], name_ar=row["name_ar"], name_en=row["name_en"], region=region
        )
        office.governorates.set(Governorate.objects.filter(code__in=row["governorates"]))


BARE_TABLE = "bench_roll_rows"


def _copy_baseline(connection, path: Path) -> float:
    from bench.roll_file import COLUMNS

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id bigserial primary key, {', '.join(f'{c} text' for c in COLUMNS)})"
        )
    started = time.perf_counter()
    with connection.cursor() as cursor, path.open("rb") as handle:
        sql = f"COPY {BARE_TABLE} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, HEADER true)"
        with cursor.copy(sql) as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {BARE_TABLE}")
    return seconds
