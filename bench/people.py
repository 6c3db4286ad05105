"""Synthetic people for benchmarks, without a database: the demo region's geography read from its data files.

    from bench.people import demo_geography, households
    for household in households(1000, seed=1):
        ...

The population itself is made by ``tamkeen.registry.synthetic.people`` (its docstring says how).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from tamkeen.registry.synthetic.people import DEFAULT_START_FILE_NUMBER, generate_households

GEOGRAPHY_DATA = Path(__file__).resolve().parent.parent / "tamkeen" / "geography" / "data"


@dataclass(frozen=True)
class Geography:
    governorates: list[tuple[str, int]]  # (code, population)
    offices_by_governorate: dict[str, str]  # governorate code -> office code
    names: dict[str, tuple[str, ...]]  # governorate code -> (Arabic, English, *spelling variants)


@cache
def demo_geography() -> Geography:
    governorates = json.loads((GEOGRAPHY_DATA / "jazan_governorates.json").read_text(encoding="utf-8"))
    offices = json.loads((GEOGRAPHY_DATA / "jazan_offices.json").read_text(encoding="utf-8"))
    served: dict[str, str] = {}
    for office in offices["offices"]:
        for code in office["governorates"]:
            served.setdefault(code, office["code"])
    rows = [row for row in governorates["governorates"] if row["code"] in served]
    return Geography(
        governorates=[(row["code"], row["population"]) for row in rows],
        offices_by_governorate=served,
        names={row["code"]: (row["name_ar"], row["name_en"], *row.get("aliases", ())) for row in rows},
    )


def households(
    n: int,
    seed: int | str,
    *,
    start_file_number: int = DEFAULT_START_FILE_NUMBER,
    id_offset: int = 0,
    as_of: date | None = None,
) -> Iterator[dict]:
    """``n`` synthetic households of the demo region (streamed), as ``generate_households`` yields them."""
    geography = demo_geography()
    return generate_households(
        n,
        seed,
        geography.governorates,
        geography.offices_by_governorate,
        start_file_number,
        id_offset=id_offset,
        as_of=as_of,
    )
