"""`tamkeen bench linkage [--scale N]`: Arabic-aware linkage against a raw-string Splink baseline.

1. Generate N person records with known truth (bench/linkage_data.py, seed 7; the committed model was
   trained on a different seed), write them to a CSV file.
2. Ours: read the file and link it exactly as `tamkeen link` does, with the committed model; precision,
   recall and F1 over record pairs at threshold 0.9, seconds, peak memory of the process. Then the same on N
   records of the independently made hard cases (bench/linkage_hard_cases.py, seed 16).
3. Baseline: Splink with its default string comparisons on the raw names (NameComparison = exact and
   Jaro-Winkler levels), exact raw ID/date/phone, same four blocking rules on the raw columns, trained the
   same way (u by random sampling, EM) on the same data.
4. Online check: a SQLite table of 1,000,000 members with the registry's indexes, 1,000 look-ups through
   tamkeen.dedup.online (the same SQL the registry form runs); p50/p99 milliseconds.

Result lines are JSON; the last line holds the ratios against the baseline.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import linkage_hard_cases  # noqa: E402
from bench.linkage_data import generate, true_pairs  # noqa: E402

THRESHOLD = 0.9
ONLINE_ROWS = 1_000_000


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User + system CPU of this process, all threads (DuckDB's included): the cost on a machine that is not
    shared, where wall-clock time also counts the wait for other people's processes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _scores(found: set, truth: set) -> dict:
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _write_csv(records: list[dict], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def run_ours(path: Path) -> tuple[set, float]:
    from tamkeen.dedup.linkage import link_records
    from tamkeen.dedup.reading import read_person_file

    started = time.monotonic()
    rows = read_person_file(path).rows
    pairs = link_records(rows, threshold=THRESHOLD)
    return {(a, b) for a, b, _ in pairs}, time.monotonic() - started


def run_raw_baseline(path: Path) -> tuple[set, float]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator

    from tamkeen.dedup.features import raw_record_features
    from tamkeen.dedup.linkage import _duckdb_api
    from tamkeen.dedup.reading import read_person_file

    started = time.monotonic()
    rows = [raw_record_features(row) for row in read_person_file(path).rows]
    frame = pd.DataFrame.from_records(rows)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ExactMatch("national_id"),
            cl.NameComparison("first_name"),
            cl.NameComparison("father_name"),
            cl.NameComparison("grandfather_name"),
            cl.NameComparison("family_name"),
            cl.ExactMatch("birth_date"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("governorate"),
        ],
        blocking_rules_to_generate_predictions=[
            # The same six rules as tamkeen.dedup.linkage_model.BLOCKING_RULES, on the raw columns.
            "l.national_id = r.national_id",
            "l.family_name = r.family_name and l.byear = r.byear and l.father_name = r.father_name",
            "l.phone = r.phone",
            "l.first_name = r.first_name and l.father_name = r.father_name and l.birth_date = r.birth_date",
            "l.first_name = r.first_name and l.family_name = r.family_name and l.byear = r.byear",
            "l.family_name = r.family_name and l.birth_date = r.birth_date",
        ],
        retain_matching_columns=False,
    )
    db_api, connection = _duckdb_api()
    linker = Linker(db_api.register(frame, table_name="raw_records"), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        ["l.national_id = r.national_id"], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        "l.first_name = r.first_name and l.father_name = r.father_name and l.family_name = r.family_name"
    )
    linker.training.estimate_parameters_using_expectation_maximisation("l.birth_date = r.birth_date")
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD, warning_mode="never")
    found = {
        (min(a, b), max(a, b))
        for a, b in connection.execute(
            f"select unique_id_l, unique_id_r from {predictions.physical_name}"
        ).fetchall()
    }
    connection.close()
    return found, time.monotonic() - started


def build_member_table(records: list[dict], path: Path) -> None:
    """registry_member's columns and indexes (national_id unique, phone, name_key), filled from records."""
    from tamkeen.core.names import name_parts_key
    from tamkeen.dedup.features import clean_birth_date, clean_national_id, clean_phone

    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE TABLE registry_member (id INTEGER PRIMARY KEY, national_id varchar(10) NOT NULL UNIQUE, "
        "first_name varchar(60), father_name varchar(60), grandfather_name varchar(60), family_name varchar(60), "
        "name_key varchar(260), gender varchar(1), birth_date date, phone varchar(16))"
    )
    seen_ids = set()
    batch = []
    for index, record in enumerate(records, start=1):
        national_id = clean_national_id(record["national_id"])
        if not national_id or national_id in seen_ids:
            national_id = (
                f"3{index:09d}"  # the registry requires one; a placeholder (never 1… or 2…) keeps the row
            )
        seen_ids.add(national_id)
        birth = clean_birth_date(record["birth_date"])
        phone = clean_phone(record["phone"]) if record["phone"] else ""
        key = name_parts_key(
            record["first_name"], record["father_name"], record["grandfather_name"], record["family_name"]
        )
        batch.append(
            (
                index,
                national_id,
                record["first_name"],
                record["father_name"],
                record["grandfather_name"],
                record["family_name"],
                key,
                record["gender"][:1],
                birth.isoformat() if birth else None,
                phone or "",
            )
        )
        if len(batch) == 50_000:
            connection.executemany("INSERT INTO registry_member VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    connection.executemany("INSERT INTO registry_member VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
    connection.execute("CREATE INDEX registry_member_phone ON registry_member (phone)")
    connection.execute("CREATE INDEX registry_member_name_key ON registry_member (name_key)")
    connection.commit()
    connection.close()


def run_online(records: list[dict], workdir: Path, queries: int = 1000, *, path: Path | None = None) -> dict:
    from tamkeen.dedup.online import probable_duplicates_with

    started = time.monotonic()
    if path is None or not path.exists():
        path = path or workdir / "members.sqlite3"
        build_member_table(records, path)
    build_seconds = time.monotonic() - started
    connection = sqlite3.connect(path)

    def execute(sql, params):
        return connection.execute(sql.replace("%s", "?"), params).fetchall()

    rng = random.Random(3)
    samples = rng.sample(records, queries)
    latencies = []
    cpu_latencies = []
    found_any = 0
    for record in samples:
        started, cpu_started = time.perf_counter(), time.process_time()
        matches = probable_duplicates_with(execute, record)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu_latencies.append((time.process_time() - cpu_started) * 1000)
        found_any += bool(matches)
    cpu_latencies.sort()
    connection.close()
    latencies.sort()
    return {
        "rows": len(records),
        "queries": queries,
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "max_ms": round(latencies[-1], 2),
        # CPU time of the query thread: what the look-up costs when the machine is not shared.
        "cpu_p50_ms": round(statistics.median(cpu_latencies), 2),
        "cpu_p99_ms": round(cpu_latencies[int(len(cpu_latencies) * 0.99) - 1], 2),
        "queries_with_a_match": found_any,
        "table_build_seconds": round(build_seconds, 1),
    }


def run(scale: int | None, stdout) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    n = int(scale or 100_000)

    def emit(line: dict) -> None:
        stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        stdout.flush()

    with tempfile.TemporaryDirectory(prefix="tamkeen-linkage-") as directory:
        workdir = Path(directory)
        started = time.monotonic()
        records, truth = generate(n, seed=7)
        pairs = true_pairs(records, truth)
        path = workdir / "people.csv"
        _write_csv(records, path)
        emit(
            {
                "step": "generate",
                "records": n,
                "true_pairs": len(pairs),
                "seconds": round(time.monotonic() - started, 1),
            }
        )

        cpu = _cpu_seconds()
        found, seconds = run_ours(path)
        cpu_ours = round(_cpu_seconds() - cpu, 1)
        ours = {
            "name": "tamkeen link (Arabic features)",
            "records": n,
            **_scores(found, pairs),
            "pairs_found": len(found),
            "seconds": round(seconds, 1),
            "cpu_seconds": cpu_ours,
            "peak_rss_mib": round(_peak_rss_mib()),
        }
        emit(ours)

        # The same command on the independently made hard cases (siblings, twins, cousins; seed 16).
        hard_records, hard_truth = linkage_hard_cases.generate(n, seed=16)
        hard_pairs = true_pairs(hard_records, hard_truth)
        hard_path = workdir / "hard-cases.csv"
        _write_csv(hard_records, hard_path)
        del hard_records, hard_truth
        cpu = _cpu_seconds()
        found, seconds = run_ours(hard_path)
        emit(
            {
                "name": "tamkeen link on the hard cases (bench/linkage_hard_cases.py)",
                "records": n,
                "true_pairs": len(hard_pairs),
                **_scores(found, hard_pairs),
                "pairs_found": len(found),
                "seconds": round(seconds, 1),
                "cpu_seconds": round(_cpu_seconds() - cpu, 1),
            }
        )

        cpu = _cpu_seconds()
        found, seconds = run_raw_baseline(path)
        cpu_raw = round(_cpu_seconds() - cpu, 1)
        raw = {
            "name": "Splink default comparisons, raw names",
            "records": n,
            **_scores(found, pairs),
            "pairs_found": len(found),
            "seconds": round(seconds, 1),
            "cpu_seconds": cpu_raw,
            "peak_rss_mib": round(_peak_rss_mib()),
        }
        emit(raw)

        if n < ONLINE_ROWS:
            del records
            records, _ = generate(ONLINE_ROWS, seed=7)
        online = run_online(records[:ONLINE_ROWS], workdir)
        emit({"name": "online check (SQLite)", **online})

    load = os.getloadavg()
    emit(
        {
            "name": "ratios vs raw baseline",
            "machine_load_average_1_5_15": [round(x, 1) for x in load],
            "f1_points_above_baseline": round((ours["f1"] - raw["f1"]) * 100, 2),
            "f1_ratio": round(ours["f1"] / raw["f1"], 3) if raw["f1"] else None,
            "time_ratio": round(ours["seconds"] / raw["seconds"], 3) if raw["seconds"] else None,
        }
    )


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else None, sys.stdout)
