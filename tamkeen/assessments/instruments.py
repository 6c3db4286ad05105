"""Loading an instrument from its data file. Takes the model classes so a data migration can pass its own."""

import json
from pathlib import Path

DEFAULT_INSTRUMENT = Path(__file__).parent / "data" / "default_instrument.json"


def read_default_instrument() -> dict:
    return json.loads(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))


def create_instrument_from_data(
    data: dict, *, Instrument, Section, Item, version: int | None = None, supersedes=None
):
    instrument = Instrument.objects.create(
        code=data["code"],
        version=version or data.get("version", 1),
        name_ar=data["name_ar"],
        name_en=data["name_en"],
        is_active=True,
        supersedes=supersedes,
    )
    for s_order, section in enumerate(data["sections"], start=1):
        row = Section.objects.create(
            instrument=instrument,
            code=section["code"],
            kind=section["kind"],
            dimension=section.get("dimension", ""),
            track=section.get("track", ""),
            order=s_order,
            name_ar=section["name_ar"],
            name_en=section["name_en"],
        )
        Item.objects.bulk_create(
            Item(
                section=row,
                code=item["code"],
                order=i_order,
                wording_ar=item["wording_ar"],
                wording_en=item["wording_en"],
                core_skill=item.get("core_skill", ""),
                is_reverse_scored=item.get("reverse", False),
            )
            for i_order, item in enumerate(section["items"], start=1)
        )
    return instrument


def instrument_as_data(instrument) -> dict:
    return {
        "code": instrument.code,
        "version": instrument.version,
        "name_ar": instrument.name_ar,
        "name_en": instrument.name_en,
        "sections": [
            {
                "code": s.code,
                "kind": s.kind,
                "dimension": s.dimension,
                "track": s.track,
                "name_ar": s.name_ar,
                "name_en": s.name_en,
                "items": [
                    {
                        "code": i.code,
                        "wording_ar": i.wording_ar,
                        "wording_en": i.wording_en,
                        "core_skill": i.core_skill,
                        "reverse": i.is_reverse_scored,
                    }
                    for i in s.items.order_by("order")
                ],
            }
            for s in instrument.sections.order_by("order")
        ],
    }
