"""The online duplicate check: while a case worker types a member, which registered members may be the same
person? Must answer in well under 50 ms with a million members, so no Splink here: a few indexed lookups
(national ID and its one-digit/transposition variants, phone, the first+father prefix of ``name_key``)
fetch a handful of candidates, and the trained model's weights score them in Python.

The lookups are plain SQL on a DB-API cursor, so the benchmark runs exactly this code on a million-row
SQLite table without Django's ORM in the way (bench/linkage_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from tamkeen.core.names import normalise_name

from .evidence import pair_evidence
from .features import clean_national_id, record_features

COLUMNS = "id, national_id, first_name, father_name, grandfather_name, family_name, birth_date, phone, gender"
TABLE = "registry_member"
LIMIT_PER_LOOKUP = 20


def national_id_variants(national_id: str) -> list[str]:
    """The ID itself, every one-digit change and every swap of neighbouring digits (the usual typos)."""
    variants = {national_id}
    digits = list(national_id)
    for index, digit in enumerate(digits):
        for replacement in "0123456789":
            if replacement != digit:
                variants.add("".join([*digits[:index], replacement, *digits[index + 1 :]]))
        if index < len(digits) - 1 and digits[index] != digits[index + 1]:
            swapped = digits[:]
            swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
            variants.add("".join(swapped))
    return sorted(variants)


def _queries(fields: dict) -> Iterable[tuple[str, list]]:
    national_id = clean_national_id(fields.get("national_id"))
    if national_id:
        variants = national_id_variants(national_id)
        marks = ", ".join(["%s"] * len(variants))
        yield f"SELECT {COLUMNS} FROM {TABLE} WHERE national_id IN ({marks})", variants
    phone = record_features({"record_id": "", "phone": fields.get("phone")})["phone"]
    if phone:
        yield f"SELECT {COLUMNS} FROM {TABLE} WHERE phone = %s LIMIT {LIMIT_PER_LOOKUP}", [phone]
    first = normalise_name(fields.get("first_name") or "")
    father = normalise_name(fields.get("father_name") or "")
    family = normalise_name(fields.get("family_name") or "")
    if first and father and family:
        # name_key is "first father grandfather family", each part normalised: the given+father prefix is an
        # index range; the family name (without its article, so الحازمي finds حازمي) is checked on the index
        # entries of that range, so common names (محمد علي) do not fetch thousands of rows.
        prefix = f"{first} {father} "
        core = family.removeprefix("آل ").removeprefix("ال") if len(family) > 4 else family
        yield (
            f"SELECT {COLUMNS} FROM {TABLE} WHERE name_key >= %s AND name_key < %s AND name_key LIKE %s"
            f" LIMIT {LIMIT_PER_LOOKUP}",
            [prefix, prefix + "\U0010ffff", f"%{core}"],
        )


def _as_record(row) -> dict:
    (pk, national_id, first, father, grandfather, family, birth_date, phone, gender) = row
    return {
        "record_id": str(pk),
        "national_id": national_id,
        "first_name": first,
        "father_name": father,
        "grandfather_name": grandfather,
        "family_name": family,
        "birth_date": birth_date,
        "phone": phone,
        "gender": gender,
    }


def probable_duplicates_with(
    execute, fields: dict, *, threshold: float = 0.5, limit: int = 5, exclude: int | None = None
) -> list[tuple[int, float, list[tuple[str, str | None, float]]]]:
    """Core of the check. ``execute(sql, params)`` runs one query (``%s`` placeholders) and returns rows."""
    typed = record_features({"record_id": "new", **fields})
    seen: dict[int, dict] = {}
    for sql, params in _queries(fields):
        for row in execute(sql, params):
            if row[0] != exclude:
                seen.setdefault(row[0], _as_record(row))
    scored = []
    for pk, record in seen.items():
        evidence = pair_evidence(typed, record_features(record))
        if evidence["probability"] >= threshold:
            reasons = [
                (column, item["level"], item["weight"])
                for column, item in sorted(evidence["fields"].items(), key=lambda kv: -kv[1]["weight"])
                if item["weight"] > 0
            ]
            scored.append((pk, evidence["probability"], reasons))
    scored.sort(key=lambda item: -item[1])
    return scored[:limit]


def _django_execute(sql: str, params: list):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def probable_duplicates(
    first: str = "",
    father: str = "",
    grandfather: str = "",
    family: str = "",
    national_id: str = "",
    birth_date=None,
    phone: str = "",
    *,
    exclude: int | None = None,
    threshold: float = 0.5,
) -> list[tuple[int, float, list[tuple[str, str | None, float]]]]:
    """[(member_id, probability, reasons)] for the registry, most probable first. ``reasons`` lists the
    comparisons that count for a match as (field, level, weight)."""
    fields = {
        "first_name": first,
        "father_name": father,
        "grandfather_name": grandfather,
        "family_name": family,
        "national_id": national_id,
        "birth_date": birth_date,
        "phone": phone,
    }
    return probable_duplicates_with(_django_execute, fields, threshold=threshold, exclude=exclude)


def probable_duplicates_for_user(user, data: dict, *, exclude: int | None = None) -> list[dict]:
    """Matches for the form partial: the member, office, probability and reasons in words. Members of any
    office are checked (the same person registered elsewhere is the case that matters), but only the name,
    office and the reasons are shown."""
    from tamkeen.registry.models import Member

    from .evidence import FIELD_LABELS, LEVEL_LABELS

    found = probable_duplicates(
        data.get("first_name") or "",
        data.get("father_name") or "",
        data.get("grandfather_name") or "",
        data.get("family_name") or "",
        data.get("national_id") or "",
        data.get("birth_date") or None,
        data.get("phone") or "",
        exclude=exclude,
    )
    members = Member.objects.select_related("household__office").in_bulk([pk for pk, _, _ in found])
    results = []
    for pk, probability, reasons in found:
        member = members.get(pk)
        if member is None:
            continue
        results.append(
            {
                "member": member,
                "office": member.household.office,
                "probability": probability,
                "reasons": [
                    f"{FIELD_LABELS[column]}: {LEVEL_LABELS.get(level, level)}"
                    for column, level, _ in reasons
                ],
            }
        )
    return results
