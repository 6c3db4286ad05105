"""A roll row whose national ID already belongs to a member of another household: the pair for the review queue.

The roll import rejects such a row (``belongs_to_other_household``), flags the member holding the ID and sends
``registry.signals.roll_conflicts``. Here the pair is made: the holder, and the member of the household whose
roll lists the ID that is most likely the same person (the same name key, else the same birth date, else the
head, who answers for the household's file). A pair already decided is never proposed again
(``candidates_propose``).
"""

from __future__ import annotations

from tamkeen.registry.models import Member

from .evidence import pair_evidence
from .features import record_features
from .services import candidates_propose

# Not a model's estimate: the roll itself says the two files share one national ID.
ROLL_CONFLICT_PROBABILITY = 1.0
RECORD_FIELDS = ("pk", "household_id", "household__file_number", "relation", "national_id", "first_name",
                 "father_name", "grandfather_name", "family_name", "name_key", "gender", "birth_date", "phone",
                 "household__governorate__name_ar")  # fmt: skip


def _record(row: dict) -> dict:
    return {
        "record_id": str(row["pk"]),
        "national_id": row["national_id"],
        "first_name": row["first_name"],
        "father_name": row["father_name"],
        "grandfather_name": row["grandfather_name"],
        "family_name": row["family_name"],
        "gender": row["gender"],
        "birth_date": row["birth_date"],
        "phone": row["phone"],
        "governorate": row["household__governorate__name_ar"],
    }


def _counterpart(holder: dict, household_members: list[dict]) -> dict | None:
    for test in (
        lambda m: m["name_key"] == holder["name_key"],
        lambda m: m["birth_date"] == holder["birth_date"] and m["gender"] == holder["gender"],
        lambda m: m["relation"] == Member.Relation.HEAD,
    ):
        found = [m for m in household_members if test(m)]
        if found:
            return min(found, key=lambda m: m["pk"])
    return None


def propose_roll_conflicts(*, actor, conflicts: list[tuple[int, str]], **_signal) -> dict:
    """Receiver of ``roll_conflicts``: one pending pair per (holder, claiming household)."""
    holders = {
        row["pk"]: row
        for row in Member.objects.filter(pk__in={m for m, _f in conflicts}).values(*RECORD_FIELDS)
    }
    files = {file_number for _m, file_number in conflicts}
    by_file: dict[str, list[dict]] = {}
    for row in Member.objects.filter(household__file_number__in=files, household__is_prospect=False).values(
        *RECORD_FIELDS
    ):
        by_file.setdefault(row["household__file_number"], []).append(row)
    pairs = []
    for member_id, file_number in conflicts:
        holder = holders.get(member_id)
        if holder is None:
            continue
        others = [m for m in by_file.get(file_number, []) if m["household_id"] != holder["household_id"]]
        other = _counterpart(holder, others)
        if other is None:  # the claiming household was not imported (its head row was the conflict)
            continue
        evidence = pair_evidence(record_features(_record(holder)), record_features(_record(other)))
        evidence["roll"] = {"file_number": file_number, "national_id": holder["national_id"]}
        pairs.append((member_id, other["pk"], ROLL_CONFLICT_PROBABILITY, evidence))
    if not pairs:
        return {"pairs": 0, "new": 0, "already_known": 0}
    return candidates_propose(actor=actor, pairs=pairs)
