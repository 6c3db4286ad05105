"""Roll import benchmark: `tamkeen bench import [--scale N]` (N members, default 1,000,000).

Generates a realistic roll (households of 1–8 members in Jazan's governorates, Arabic names, Hijri and
Gregorian birth dates, phones in every common form) with about 2% bad rows spread over every reason code,
then, on PostgreSQL, in the same run and on the same file:

  (1) `tamkeen import-roll` as shipped (full validation, both passes, history, audit), in a subprocess so its
      peak memory is its own;
  (a) COPY of the same file into a bare table of text columns, without validation;
  (b) Django bulk_create of the same rows into that bare table (an unmanaged model), without validation.

Runs in a scratch database (created and dropped here), so the development database is never touched.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

DEFAULT_MEMBERS = 1_000_000
BAD_FRACTION = 0.02
SEED = 1447
BENCH_DB = "tamkeen_bench_import"

COLUMNS = ["file_number", "office_code", "national_id", "relation", "first_name", "father_name",
           "grandfather_name", "family_name", "gender", "birth_date", "phone", "education", "marital_status",
           "disability", "work_capacity", "governorate", "monthly_income", "pension_amount"]  # fmt: skip
MALE = ["محمد", "أحمد", "عبدالله", "علي", "حسن", "إبراهيم", "يحيى", "موسى", "عيسى", "خالد", "سعيد", "عبد الرحمن",
        "ناصر", "حسين", "منصور", "فهد", "سلمان", "ماجد", "طارق", "هادي"]  # fmt: skip
FEMALE = ["فاطمة", "عائشة", "مريم", "نورة", "حليمة", "خديجة", "زينب", "أمل", "هند", "سارة", "منى", "ريم", "جواهر",
          "شريفة", "آمنة", "ليلى"]  # fmt: skip
FAMILY = ["الحازمي", "المدخلي", "عقيلي", "النعمي", "الصميلي", "الحربي", "شراحيلي", "مباركي", "حكمي", "القحطاني",
          "الفيفي", "الريثي", "معافا", "عريشي", "جابري", "آل سالم", "الزهراني", "عطيف", "كريري", "دغريري"]  # fmt: skip
OFFICES = [("SBY", ["صبيا", "Sabya"]), ("ABA", ["أبو عريش"]), ("SMT", ["صامطة", "الطوال"]), ("BSH", ["بيش"]),
           ("DRB", ["الدرب"]), ("FRS", ["فرسان"]), ("JZN", ["جازان", "جيزان"])]  # fmt: skip
EDUCATION = ["none", "primary", "intermediate", "secondary", "diploma", "bachelor", "ثانوي", "بكالوريوس", ""]
MARITAL = ["single", "married", "divorced", "widowed", "متزوج", ""]
CAPACITY = ["able", "rehabilitable", "not_rehabilitable", "قادر على العمل", ""]
BAD_KINDS = ["invalid_national_id", "invalid_date", "future_date", "invalid_phone", "unknown_office",
             "unknown_governorate", "unknown_value", "missing_required", "duplicate_in_file",
             "household_without_head", "household_with_two_heads"]  # fmt: skip


def _luhn_digit(first_nine: str) -> str:
    total = 0
    for index, char in enumerate(first_nine):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def _phone(rng: random.Random) -> str:
    body = f"5{rng.choice('0345689')}{rng.randrange(10**7):07d}"
    form = rng.randrange(5)
    if form == 0:
        return "0" + body
    if form == 1:
        return "+966" + body
    if form == 2:
        return "966" + body
    if form == 3:
        return "0" + body[:2] + " " + body[2:5] + " " + body[5:]
    return "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in "0" + body)


def _date(rng: random.Random, born: date) -> str:
    from tamkeen.core.hijri import to_hijri

    form = rng.randrange(4)
    if form == 0:
        return born.isoformat()
    if form == 1:
        return born.strftime("%d/%m/%Y")
    year, month, day = to_hijri(born)
    if form == 2:
        return f"{year}/{month:02d}/{day:02d}"
    return f"{day:02d}/{month:02d}/{year}"


def write_roll(path: Path, members: int, seed: int = SEED, bad_fraction: float = BAD_FRACTION) -> dict:
    """Write a roll of about ``members`` rows; returns counts of what was written (bad rows by kind)."""
    rng = random.Random(seed)
    today = date(2026, 1, 1)
    written = 0
    household_number = 0
    id_counter = 10_000_000
    bad_counts = dict.fromkeys(BAD_KINDS, 0)
    last_good_id = None
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        while written < members:
            household_number += 1
            size = min(members - written, rng.choice((1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8)))
            office, governorates = rng.choice(OFFICES)
            family = rng.choice(FAMILY)
            father = rng.choice(MALE)
            grandfather = rng.choice(MALE)
            income = rng.choice(("", "0", "1200", "2500", "3,000", "4500.50"))
            pension = str(rng.choice((1800, 2100, 2400, 3000, 3600)))
            head_born = today - timedelta(days=rng.randrange(22 * 365, 70 * 365))
            household_bad = None
            if rng.random() < bad_fraction * 0.4:  # household-level kinds: about a third of the bad rows
                household_bad = rng.choice(("household_without_head", "household_with_two_heads"))
                bad_counts[household_bad] += 1
            rows = []
            for index in range(size):
                relation = (
                    "head" if index == 0 else rng.choice(("wife", "son", "daughter", "son", "daughter"))
                )
                if index == 1 and size > 1 and household_bad == "household_with_two_heads":
                    relation = "head"
                if index == 0 and household_bad == "household_without_head":
                    relation = "wife" if size > 1 else "son"
                female = relation in ("wife", "daughter")
                born = head_born + timedelta(days=rng.randrange(-5 * 365, 5 * 365)) if relation == "wife" else (
                    head_born if relation == "head" else today - timedelta(days=rng.randrange(365, 30 * 365))
                )  # fmt: skip
                id_counter += 1
                body = f"{rng.choice('1111111112')}{id_counter % 10**8:08d}"
                national_id = body + _luhn_digit(body)
                row = {
                    "file_number": str(1_000_000 + household_number),
                    "office_code": office,
                    "national_id": national_id,
                    "relation": relation,
                    "first_name": rng.choice(FEMALE if female else MALE),
                    "father_name": father if relation != "head" and relation != "wife" else rng.choice(MALE),
                    "grandfather_name": grandfather,
                    "family_name": family,
                    "gender": rng.choice(("F", "أنثى")) if female else rng.choice(("M", "ذكر")),
                    "birth_date": _date(rng, born),
                    "phone": _phone(rng) if rng.random() < 0.7 else "",
                    "education": rng.choice(EDUCATION),
                    "marital_status": rng.choice(MARITAL),
                    "disability": rng.choice(("none", "none", "none", "", "physical", "بصرية")),
                    "work_capacity": rng.choice(CAPACITY),
                    "governorate": rng.choice(governorates),
                    "monthly_income": income if index == 0 else "",
                    "pension_amount": pension if index == 0 else "",
                }
                if index > 0 and household_bad is None and rng.random() < bad_fraction * 0.45:
                    kind = rng.choice(BAD_KINDS[:9])
                    bad_counts[kind] += 1
                    if kind == "invalid_national_id":
                        row["national_id"] = national_id[:9] + str((int(national_id[9]) + 1) % 10)
                    elif kind == "invalid_date":
                        row["birth_date"] = rng.choice(
                            ("1990-02-30", "31/13/1990", "1777-01-01", "yesterday")
                        )
                    elif kind == "future_date":
                        row["birth_date"] = "2099-05-05"
                    elif kind == "invalid_phone":
                        row["phone"] = rng.choice(("0521234567", "12345", "05x1234567"))
                    elif kind == "unknown_office":
                        row["office_code"] = "XXX"
                    elif kind == "unknown_governorate":
                        row["governorate"] = "الرياض"
                    elif kind == "unknown_value":
                        row["education"] = "جامعي غير محدد"
                    elif kind == "missing_required":
                        row["first_name"] = ""
                    elif kind == "duplicate_in_file" and last_good_id:
                        row["national_id"] = last_good_id
                elif index > 0:
                    last_good_id = national_id
                rows.append(row)
            for row in rows:
                writer.writerow([row[c] for c in COLUMNS])
            written += len(rows)
    return {"rows": written, "households": household_number, "bad": bad_counts}


def _rss_mib_children() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(scale: int | None, stdout) -> None:
    from django.db import connection, connections

    members = scale or DEFAULT_MEMBERS
    if connection.vendor != "postgresql":
        stdout.write(json.dumps({"bench": "import", "error": "needs PostgreSQL: set DATABASE_URL"}))
        return
    roll_writer = write_roll
    try:  # the synthetic-data engineer's generator, when it exists
        from bench.roll_file import write_roll as shared_write_roll  # type: ignore[import-not-found]

        roll_writer = shared_write_roll
    except ImportError:
        pass

    workdir = Path(tempfile.mkdtemp(prefix="tamkeen-bench-import-"))
    path = workdir / "roll.csv"
    started = time.perf_counter()
    generated = roll_writer(path, members, SEED, BAD_FRACTION)
    sys.stderr.write(
        f"generated {path} ({path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s\n"
    )

    # A scratch database, migrated, with the demo region's offices.
    settings_dict = connections["default"].settings_dict
    old_name = settings_dict["NAME"]
    settings_dict.setdefault("TEST", {})["NAME"] = BENCH_DB
    creation = connection.creation
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        _load_offices()
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + BENCH_DB
        env = {**os.environ, "DATABASE_URL": url}

        # (1) the import as shipped
        report = workdir / "rejected.csv"
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "tamkeen.cli", "import-roll", str(path), "--report", str(report)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        import_seconds = time.perf_counter() - t0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        import_cpu = children.ru_utime + children.ru_stime
        if done.returncode != 0:
            stdout.write(json.dumps({"bench": "import", "error": done.stderr[-2000:]}))
            return
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        peak = _rss_mib_children()
        with report.open(encoding="utf-8-sig") as handle:
            reasons: dict[str, int] = {}
            for line in csv.DictReader(handle):
                reasons[line["reason"]] = reasons.get(line["reason"], 0) + 1

        # (a) COPY into a bare table
        c0 = time.process_time()
        copy_seconds = _copy_baseline(connection, path)
        copy_cpu = time.process_time() - c0
        # (b) bulk_create into the same bare table
        c0 = time.process_time()
        bulk_seconds = _bulk_create_baseline(connection, path)
        bulk_cpu = time.process_time() - c0
    finally:
        connection.close()
        creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        shutil.rmtree(workdir, ignore_errors=True)

    rows = summary["rows"]
    result = {
        "bench": "import",
        "members": rows,
        "households_created": summary["households_created"],
        "members_created": summary["members_created"],
        "rejected": summary["rejected"],
        "rejected_share": round(summary["rejected"] / rows, 4),
        "report_lines_by_reason": dict(sorted(reasons.items())),
        "import_seconds": round(import_seconds, 1),
        "import_rows_per_s": round(rows / import_seconds),
        "import_peak_rss_mib": round(peak),
        "import_cpu_seconds": round(import_cpu, 1),
        "copy_client_cpu_seconds": round(copy_cpu, 1),
        "bulk_create_client_cpu_seconds": round(bulk_cpu, 1),
        "copy_seconds": round(copy_seconds, 1),
        "copy_rows_per_s": round(rows / copy_seconds),
        "bulk_create_seconds": round(bulk_seconds, 1),
        "bulk_create_rows_per_s": round(rows / bulk_seconds),
        "generated": generated,
    }
    stdout.write(json.dumps(result, ensure_ascii=False))
    stdout.write(
        json.dumps(
            {
                "ratio_vs_copy": round(copy_seconds / import_seconds, 3),
                "target_vs_copy": 0.3,
                "ratio_vs_bulk_create": round(bulk_seconds / import_seconds, 2),
                "cpu_ratio_vs_bulk_create_client": round(bulk_cpu / import_cpu, 2),
                "target_vs_bulk_create": 3.0,
                "peak_rss_mib": round(peak),
                "target_peak_rss_mib": 1024,
            }
        )
    )


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


def _create_bare_table(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        columns = ", ".join(f"{c} text" for c in COLUMNS)
        cursor.execute(f"CREATE TABLE {BARE_TABLE} (id bigserial primary key, {columns})")


def _copy_baseline(connection, path: Path) -> float:
    _create_bare_table(connection)
    started = time.perf_counter()
    with connection.cursor() as cursor, path.open("rb") as handle:
        sql = f"COPY {BARE_TABLE} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv, HEADER true)"
        with cursor.copy(sql) as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
    return time.perf_counter() - started


def _bulk_create_baseline(connection, path: Path) -> float:
    from django.db import models, transaction

    attrs = {c: models.TextField() for c in COLUMNS}
    attrs["__module__"] = __name__
    attrs["Meta"] = type("Meta", (), {"managed": False, "db_table": BARE_TABLE, "app_label": "registry"})
    model = type("BenchRollRow", (models.Model,), attrs)
    _create_bare_table(connection)
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        batch = []
        for cells in reader:
            batch.append(model(**dict(zip(COLUMNS, cells, strict=False))))
            if len(batch) >= 2000:
                with transaction.atomic():
                    model.objects.bulk_create(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch)
    return time.perf_counter() - started
