import json
from functools import cache
from pathlib import Path

from tamkeen.core.names import normalise_name
from tamkeen.geography.models import Governorate, Office

DATA_DIR = Path(__file__).parent / "data"


def load_data_file(name: str) -> dict | list:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def governorate_lookup(region_id: int | None = None) -> dict[str, Governorate]:
    """Every spelling a file may use (Arabic, English, variants) -> the governorate, by matching key."""
    qs = Governorate.objects.all() if region_id is None else Governorate.objects.filter(region_id=region_id)
    lookup: dict[str, Governorate] = {}
    for gov in qs:
        for spelling in (gov.code, gov.name_ar, gov.name_en, *gov.aliases):
            lookup[governorate_key(spelling)] = gov
    return lookup


@cache
def _key(text: str) -> str:
    return normalise_name(text.replace("-", " ")).replace(" ", "").casefold()


def governorate_key(text: str) -> str:
    return _key((text or "").strip())


def office_by_code() -> dict[str, Office]:
    return {office.code: office for office in Office.objects.all()}
