"""Reading a region file: a region's governorates and its offices and units, as JSON or XLSX.

JSON: ``{"region": "SA-09", "governorates": [...], "offices": [...]}`` (either list may be absent), the shape of
the shipped ``data/jazan_*.json``. XLSX: a sheet ``governorates`` and/or a sheet ``offices``, a header row with
the same keys, one row per record; list cells (aliases, governorates served) are separated by commas, Arabic
commas or semicolons. Parsing checks shapes only; the service checks references against the database.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from tamkeen.core.tables import MissingSheet, TableReader, UnreadableFile

OFFICE_KINDS = {"main", "office", "unit"}
GOVERNORATE_KEYS = {"code", "name_ar", "name_en", "is_seat", "population", "lat", "lon", "aliases", "region"}
OFFICE_KEYS = {"code", "kind", "name_ar", "name_en", "governorates", "region"}
_LIST_SEPARATORS = re.compile(r"[,،;]")


class RegionFileError(ValueError):
    """The file cannot be read, or a record in it is malformed (nothing is loaded)."""


@dataclass
class RegionFile:
    region: str
    governorates: list[dict] = field(default_factory=list)
    offices: list[dict] = field(default_factory=list)


def read_region_file(path: str | Path) -> RegionFile:
    path = Path(path)
    if not path.is_file():
        raise RegionFileError(f"no such file: {path}")
    if path.suffix.lower() == ".xlsx":
        raw = _read_xlsx(path)
    else:
        try:
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise RegionFileError(f"not a JSON region file: {error}") from error
    return parse_region(raw)


def parse_region(raw) -> RegionFile:
    if not isinstance(raw, dict):
        raise RegionFileError("a region file is an object with 'region', 'governorates' and/or 'offices'")
    region = str(raw.get("region") or "").strip()
    if not region:
        raise RegionFileError("the region code is missing ('region')")
    governorates = [_governorate(row, n) for n, row in enumerate(raw.get("governorates") or [], start=1)]
    offices = [_office(row, n) for n, row in enumerate(raw.get("offices") or [], start=1)]
    if not governorates and not offices:
        raise RegionFileError("the file has neither governorates nor offices")
    for kind, rows in (("governorate", governorates), ("office", offices)):
        codes = [row["code"] for row in rows]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise RegionFileError(f"{kind} codes repeated: {', '.join(duplicates)}")
    return RegionFile(region=region, governorates=governorates, offices=offices)


def _required_text(row: dict, key: str, where: str) -> str:
    value = str(row.get(key) or "").strip()
    if not value:
        raise RegionFileError(f"{where}: '{key}' is missing")
    return value


def _as_list(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in _LIST_SEPARATORS.split(str(value)) if part.strip()]


def _number(value, where: str, key: str, kind=float):
    if value in (None, ""):
        return None
    try:
        return kind(value)
    except (TypeError, ValueError) as error:
        raise RegionFileError(f"{where}: '{key}' is not a number: {value!r}") from error


def _governorate(row, n: int) -> dict:
    where = f"governorate {n}"
    if not isinstance(row, dict):
        raise RegionFileError(f"{where}: not an object")
    population = _number(row.get("population"), where, "population", int) or 0
    if population < 0:
        raise RegionFileError(f"{where}: 'population' is negative")
    return {
        "code": _required_text(row, "code", where),
        "name_ar": _required_text(row, "name_ar", where),
        "name_en": _required_text(row, "name_en", where),
        "is_seat": str(row.get("is_seat", "")).strip().lower() in {"true", "1", "yes", "نعم"},
        "population": population,
        "lat": _number(row.get("lat"), where, "lat"),
        "lon": _number(row.get("lon"), where, "lon"),
        "aliases": _as_list(row.get("aliases")),
    }


def _office(row, n: int) -> dict:
    where = f"office {n}"
    if not isinstance(row, dict):
        raise RegionFileError(f"{where}: not an object")
    kind = _required_text(row, "kind", where).lower()
    if kind not in OFFICE_KINDS:
        raise RegionFileError(f"{where}: kind {kind!r} is not one of {', '.join(sorted(OFFICE_KINDS))}")
    governorates = _as_list(row.get("governorates"))
    if not governorates:
        raise RegionFileError(f"{where}: it serves no governorate ('governorates')")
    return {
        "code": _required_text(row, "code", where),
        "kind": kind,
        "name_ar": _required_text(row, "name_ar", where),
        "name_en": _required_text(row, "name_en", where),
        "governorates": governorates,
    }


def _read_xlsx(path: Path) -> dict:
    raw: dict = {}
    regions: set[str] = set()
    for sheet_name, allowed in (("governorates", GOVERNORATE_KEYS), ("offices", OFFICE_KEYS)):
        try:
            reader = TableReader(path, dict.fromkeys(allowed, ()), sheet=sheet_name)
            if reader.unknown_columns:
                unknown = ", ".join(sorted(reader.unknown_columns))
                raise RegionFileError(f"sheet {sheet_name}: unknown columns {unknown}")
            records = [cells for _number, cells in reader.rows()]
        except MissingSheet:
            continue
        except UnreadableFile as error:
            raise RegionFileError(f"not an XLSX workbook: {error}") from error
        for record in records:
            regions.add(str(record.pop("region", "") or "").strip())
        raw[sheet_name] = records
    regions.discard("")
    if len(regions) > 1:
        raise RegionFileError(f"one region per file, found {', '.join(sorted(regions))}")
    raw["region"] = next(iter(regions), "")
    return raw
