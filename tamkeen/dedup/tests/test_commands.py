"""`tamkeen link` on files and `tamkeen dedup` on the registry."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from bench.linkage_data import generate, true_pairs
from tamkeen.dedup.linkage import link_records
from tamkeen.dedup.models import DuplicateCandidate
from tamkeen.registry.models import Member

from .factories import make_duplicate_of

ROWS = [
    [
        "رقم السجل",
        "رقم الهوية",
        "الاسم الأول",
        "اسم الأب",
        "اسم الجد",
        "اسم العائلة",
        "الجنس",
        "تاريخ الميلاد",
        "الجوال",
        "المحافظة",
        "ملاحظات",
    ],
    ["A1", "1000000008", "عبد الله", "أحمد", "علي", "الحازمي", "ذكر", "1985-03-04", "0501234567", "صبيا", ""],
    ["A2", "", "عبدالله", "احمد", "", "الحازمى", "M", "1405/06/13", "+966501234567", "صبيا", "نسخة"],
    ["A3", "1012345672", "محمد", "أحمد", "علي", "الحازمي", "ذكر", "1990-01-01", "0501234567", "صبيا", "أخوه"],
    ["A4", "2000000006", "فاطمة", "حسن", "يحيى", "عقيلي", "أنثى", "1992-02-10", "", "فرسان", ""],
]


def _run_link(path, output, *extra):
    out = io.StringIO()
    call_command("link", str(path), "--output", str(output), *extra, stdout=out)
    return json.loads(out.getvalue())


def _pairs(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_link_finds_the_spelling_variant_not_the_brother_from_a_csv_with_arabic_headers(tmp_path):
    source = tmp_path / "people.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(ROWS)
    result = _run_link(source, tmp_path / "pairs.csv")
    assert result["records"] == 4 and result["pairs"] == 1 and result["unknown_columns"] == ["ملاحظات"]
    assert set(result) >= {"records", "pairs", "seconds"}
    rows = _pairs(tmp_path / "pairs.csv")
    assert [(r["record_id_a"], r["record_id_b"]) for r in rows] == [("A1", "A2")]
    assert float(rows[0]["match_probability"]) >= 0.9


def test_link_reads_xlsx_and_windows_1256(tmp_path):
    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    book.save(tmp_path / "people.xlsx")
    assert _run_link(tmp_path / "people.xlsx", tmp_path / "x.csv")["pairs"] == 1
    (tmp_path / "people.csv").write_bytes("\n".join(",".join(r) for r in ROWS).encode("cp1256"))
    assert _run_link(tmp_path / "people.csv", tmp_path / "w.csv")["pairs"] == 1


def test_link_refuses_a_file_without_required_columns(tmp_path):
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        _run_link(tmp_path / "bad.csv", tmp_path / "out.csv")
    assert error.value.returncode == 2


def test_generated_records_link_with_high_f1():
    records, truth = generate(4000, seed=21)
    expected = true_pairs(records, truth)
    found = {(a, b) for a, b, p in link_records(records, threshold=0.9)}
    hits = len(found & expected)
    precision, recall = hits / len(found), hits / len(expected)
    assert 2 * precision * recall / (precision + recall) > 0.97


@pytest.mark.django_db
def test_dedup_over_the_registry_fills_the_queue_once(world):
    copy = make_duplicate_of(world.head_sby, phone=world.head_sby.phone)
    out = io.StringIO()
    call_command("dedup", stdout=out)
    result = json.loads(out.getvalue())
    assert result["members"] == Member.objects.count() and result["new_candidates"] == 1
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.low_id, candidate.high_id} == {world.head_sby.pk, copy.pk}
    assert candidate.evidence["fields"]["n1"]["level"] == "exact"
    out = io.StringIO()
    call_command("dedup", stdout=out)
    assert json.loads(out.getvalue())["new_candidates"] == 0


@pytest.mark.django_db
def test_demo_seed_registers_duplicates_and_queues_them(world):
    from tamkeen.dedup.seed import seed
    from tamkeen.demo.seeding import SeedContext

    heads = Member.objects.filter(relation="head").count()  # one per household of the world, every region
    ctx = SeedContext()
    seed(ctx)
    assert ctx.counts["dedup_seeded_duplicates"] == heads
    assert ctx.counts["dedup_candidates"] == heads
    assert DuplicateCandidate.objects.filter(status="pending").count() == heads
