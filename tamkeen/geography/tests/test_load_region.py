"""`tamkeen load-region`: another region runs the platform with its own governorates and offices."""

import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tamkeen.core.models import AuditEvent
from tamkeen.geography.models import Governorate, Office
from tamkeen.geography.region_file import RegionFileError, parse_region
from tamkeen.geography.selectors import DATA_DIR

AL_BAHA = {
    "region": "SA-11",
    "governorates": [
        {"code": "BAH", "name_ar": "الباحة", "name_en": "Al-Baha", "is_seat": True, "population": 100000},
        {"code": "BLJ", "name_ar": "بلجرشي", "name_en": "Baljurashi", "aliases": ["بلجرشى"]},
    ],
    "offices": [
        {
            "code": "BHA",
            "kind": "main",
            "name_ar": "مكتب الضمان الاجتماعي بالباحة",
            "name_en": "Al-Baha office",
            "governorates": ["BAH", "BLJ"],
        },
    ],
}


def load(path, capsys) -> tuple[int, dict | str]:
    try:
        call_command("load_region", str(path))
    except SystemExit as exit_:
        return exit_.code, capsys.readouterr().err
    return 0, json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_a_new_region_loads_from_json_and_a_second_run_changes_nothing(tmp_path, capsys):
    path = tmp_path / "baha.json"
    path.write_text(json.dumps(AL_BAHA, ensure_ascii=False), encoding="utf-8")

    code, counts = load(path, capsys)
    assert code == 0
    assert counts == {
        "region": "SA-11",
        "governorates_created": 2,
        "governorates_updated": 0,
        "offices_created": 1,
        "offices_updated": 0,
        "unchanged": 0,
    }
    office = Office.objects.get(code="BHA")
    assert office.region.code == "SA-11"
    assert sorted(office.governorates.values_list("code", flat=True)) == ["BAH", "BLJ"]
    assert AuditEvent.objects.filter(action="office.create", object_id=str(office.pk)).exists()

    code, counts = load(path, capsys)
    assert (code, counts["unchanged"], counts["offices_updated"]) == (0, 3, 0)


@pytest.mark.django_db
def test_the_same_region_loads_from_an_xlsx_workbook(tmp_path, capsys):
    workbook = Workbook()
    governorates = workbook.active
    governorates.title = "governorates"
    governorates.append(["region", "code", "name_ar", "name_en", "is_seat", "aliases"])
    governorates.append(["SA-11", "BAH", "الباحة", "Al-Baha", "yes", ""])
    governorates.append(["SA-11", "BLJ", "بلجرشي", "Baljurashi", "", "بلجرشى، Biljurashi"])
    offices = workbook.create_sheet("offices")
    offices.append(["region", "code", "kind", "name_ar", "name_en", "governorates"])
    offices.append(["SA-11", "BHA", "unit", "وحدة الباحة", "Al-Baha unit", "BAH; BLJ"])
    path = tmp_path / "baha.xlsx"
    workbook.save(path)

    code, counts = load(path, capsys)
    assert code == 0 and counts["offices_created"] == 1
    assert Governorate.objects.get(code="BLJ").aliases == ["بلجرشى", "Biljurashi"]
    assert Governorate.objects.get(code="BAH").is_seat
    assert Office.objects.get(code="BHA").kind == "unit"


@pytest.mark.django_db
def test_the_shipped_jazan_offices_are_one_such_file(capsys):
    code, counts = load(DATA_DIR / "jazan_offices.json", capsys)
    assert code == 0 and counts["offices_created"] + counts["unchanged"] == 15


@pytest.mark.django_db
def test_an_office_serving_an_unknown_governorate_loads_nothing(tmp_path, capsys):
    broken = {**AL_BAHA, "offices": [{**AL_BAHA["offices"][0], "governorates": ["BAH", "XXX"]}]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")

    code, message = load(path, capsys)
    assert code == 2 and "XXX" in message
    assert not Governorate.objects.filter(code="BAH").exists()


@pytest.mark.django_db
def test_an_unreadable_file_exits_2(tmp_path, capsys):
    path = tmp_path / "roll.json"
    path.write_text("{not json", encoding="utf-8")
    assert load(path, capsys)[0] == 2
    assert load(tmp_path / "missing.json", capsys)[0] == 2


@pytest.mark.parametrize(
    "raw, message",
    [
        ([], "object"),
        ({"governorates": [{"code": "A", "name_ar": "أ", "name_en": "A"}]}, "region code"),
        ({"region": "SA-11"}, "neither"),
        (
            {
                "region": "SA-11",
                "offices": [
                    {"code": "X", "kind": "branch", "name_ar": "س", "name_en": "X", "governorates": ["A"]}
                ],
            },
            "kind",
        ),
        (
            {"region": "SA-11", "offices": [{"code": "X", "kind": "unit", "name_ar": "س", "name_en": "X"}]},
            "serves no governorate",
        ),
        (
            {"region": "SA-11", "governorates": [{"code": "A", "name_ar": "أ", "name_en": "A"}] * 2},
            "repeated",
        ),
        (
            {
                "region": "SA-11",
                "governorates": [{"code": "A", "name_ar": "أ", "name_en": "A", "population": "many"}],
            },
            "not a number",
        ),
    ],
)
def test_malformed_region_files_are_refused_with_the_reason(raw, message):
    with pytest.raises(RegionFileError, match=message):
        parse_region(raw)
