"""The online duplicate check: while a case worker types a member, which registered members may be the same
person? Must answer in well under 50 ms with a million members, so no Splink here: a few indexed lookups
(national ID and its one-digit/transposition variants, phone, the first+father prefix of ``name_key``)
fetch a handful of candidates, and the trained model's weights score them in Python.

The lookups are plain SQL on a DB-API cursor, so the benchmark runs exactly this code on a million-row
SQLite table without Django's ORM in the way (bench/linkage_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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


class CheckThrottled(Exception):
    """Too many checks by one user in a minute: typing a form never needs that many, enumerating IDs does."""


@dataclass
class CheckAnswer:
    # Members the user may open anyway: shown as before (name, office, probability, reasons in words).
    matches: list[dict] = field(default_factory=list)
    # Possible duplicates outside the user's scope: only the office to ask, never who it is.
    elsewhere: list = field(default_factory=list)
    asked: bool = False


LOOKUP_FIELDS = ("national_id", "phone", "first_name", "father_name", "grandfather_name", "family_name")


def checks_per_minute() -> int:
    from django.conf import settings

    return getattr(settings, "TAMKEEN_DUPLICATE_CHECKS_PER_MINUTE", 30)


def _count_check(actor) -> int:
    """This user's checks in the current minute, counted in the shared cache (Redis in production)."""
    import time

    from django.core.cache import cache

    key = f"dedup-check:{actor.pk}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=120)
        return 1


def duplicate_check(*, actor, data: dict, exclude: int | None = None) -> CheckAnswer:
    """The check while typing, for one user: throttled, limited to what the user may see, and audited.

    The whole registry is searched (the same person registered in another office is the case that matters),
    but a match outside ``members_visible_to(actor)`` is answered only with "a possible duplicate exists
    elsewhere" and the office to ask. Every check, and every member it touched, is written to the audit trail.
    """
    from django.db import transaction

    from tamkeen.core.audit import audit_record
    from tamkeen.core.models import AuditEvent
    from tamkeen.registry.access import members_visible_to
    from tamkeen.registry.models import Member

    from .evidence import FIELD_LABELS, LEVEL_LABELS

    query = {name: str(data.get(name) or "").strip() for name in LOOKUP_FIELDS}
    query = {name: value for name, value in query.items() if value}
    if not query:
        return CheckAnswer()
    if _count_check(actor) > checks_per_minute():
        with transaction.atomic():
            audit_record(actor=actor, action="dedup.check.throttled", object_type="dedup.check",
                         kind=AuditEvent.Kind.READ, changes={"query": [None, query]})  # fmt: skip
        raise CheckThrottled
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
    ids = [pk for pk, _, _ in found]
    members = Member.objects.select_related("household__office").in_bulk(ids)
    visible = set(members_visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    answer = CheckAnswer(asked=True)
    offices_elsewhere = {}
    for pk, probability, reasons in found:
        member = members.get(pk)
        if member is None:
            continue
        if pk in visible:
            answer.matches.append(
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
        else:
            offices_elsewhere.setdefault(member.household.office_id, member.household.office)
    answer.elsewhere = list(offices_elsewhere.values())
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="dedup.check",
            object_type="dedup.check",
            kind=AuditEvent.Kind.READ,
            changes={"query": [None, query], "matches": [None, len(answer.matches)],
                     "elsewhere": [None, len(found) - len(answer.matches)]},
        )  # fmt: skip
        # One line per person touched, so "who looked this member up" is the member's own audit query.
        for pk, probability, _ in found:
            if pk in members:
                audit_record(
                    actor=actor,
                    action="dedup.check.match",
                    obj=members[pk],
                    member_id=pk,
                    kind=AuditEvent.Kind.READ,
                    changes={"shown": [None, "member" if pk in visible else "elsewhere"],
                             "probability": [None, round(float(probability), 3)]},
                )  # fmt: skip
    return answer
