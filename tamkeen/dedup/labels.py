"""Decisions of the review queue as labelled pairs, for the next training of the linkage model.

A supervisor's "different people" is a pair the model scored high that is *not* one person (the hard negatives
unlabelled training cannot see: twins, brothers, a parent and a child); a merge is a pair that *is* one person,
kept in ``MergeRecord.merged_data`` after the merged member is gone. ``labelled_pairs()`` yields both as two
person records (files.md §4 columns) and a label; ``write_labels(directory)`` writes ``people.csv`` and
``labels.csv`` (``record_id_l, record_id_r, clerical_match_score``: Splink's format for
``estimate_m_from_pairwise_labels``); ``evaluate(model, read_labels(directory))`` measures a model version
against the decisions (``tamkeen dedup_train --labels DIR`` records it in the new version's file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tamkeen.core.tables import TableReader
from tamkeen.registry.models import Household, Member

from .models import DuplicateCandidate

PERSON_COLUMNS = (
    "record_id",
    "national_id",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "gender",
    "birth_date",
    "phone",
    "governorate",
)
_FIELDS = PERSON_COLUMNS[1:-1]
LABEL_COLUMNS = ("record_id_l", "record_id_r", "clerical_match_score")


def _record(pk: int, values: dict, household_id: int | None) -> dict:
    governorate = (
        Household.objects.filter(pk=household_id).values_list("governorate__name_ar", flat=True).first()
        if household_id
        else None
    )
    record = {"record_id": f"m{pk}", **{name: values.get(name) or "" for name in _FIELDS}}
    record["birth_date"] = str(record["birth_date"] or "")
    # E.164 without its "+": the inert CSV writer would prefix "+…" with "'", which no reader takes for a phone.
    record["phone"] = str(record["phone"]).removeprefix("+")
    record["governorate"] = governorate or ""
    return record


def _member_record(member: Member) -> dict:
    return _record(member.pk, {name: getattr(member, name) for name in _FIELDS}, member.household_id)


def labelled_pairs() -> Iterator[tuple[dict, dict, int]]:
    """(record, record, 1 same person / 0 different people) for every decided pair whose records are known."""
    decided = (
        DuplicateCandidate.objects.exclude(status=DuplicateCandidate.Status.PENDING)
        .select_related("member_a", "member_b")
        .order_by("id")
    )
    for candidate in decided:
        if candidate.status == DuplicateCandidate.Status.DISTINCT:
            if candidate.member_a and candidate.member_b:  # a member merged away since: nothing to compare
                yield _member_record(candidate.member_a), _member_record(candidate.member_b), 0
            continue
        merge = candidate.merges.filter(undone_at__isnull=True).order_by("-merged_at", "-id").first()
        if merge is None or merge.survivor is None:
            continue
        data = merge.merged_data
        yield _member_record(merge.survivor), _record(merge.merged_pk, data, data.get("household_id")), 1


def write_labels(directory: Path | str) -> dict:
    """people.csv + labels.csv in ``directory``; the counts of pairs by label."""
    from tamkeen.core.exports import write_table

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    people: dict[str, dict] = {}
    labels = []
    for left, right, label in labelled_pairs():
        people.setdefault(left["record_id"], left)
        people.setdefault(right["record_id"], right)
        labels.append([left["record_id"], right["record_id"], label])
    write_table(
        directory / "people.csv",
        ([person[column] for column in PERSON_COLUMNS] for person in people.values()),
        header=list(PERSON_COLUMNS),
        fmt="csv",
        encoding="utf-8",
    )
    write_table(
        directory / "labels.csv",
        labels,
        header=list(LABEL_COLUMNS),
        fmt="csv",
        encoding="utf-8",
    )
    return {
        "pairs": len(labels),
        "same_person": sum(1 for *_, label in labels if label == 1),
        "different_people": sum(1 for *_, label in labels if label == 0),
        "records": len(people),
    }


def read_labels(directory: Path | str) -> list[tuple[dict, dict, int]]:
    """The pairs written by ``write_labels``."""
    directory = Path(directory)
    people_columns = dict.fromkeys(PERSON_COLUMNS, ())
    people = {}
    for _number, cells in TableReader(
        directory / "people.csv", people_columns, required=PERSON_COLUMNS
    ).rows():
        record = {column: str(cells[column]) for column in PERSON_COLUMNS}
        people[record["record_id"]] = record
    pairs = TableReader(directory / "labels.csv", dict.fromkeys(LABEL_COLUMNS, ()), required=LABEL_COLUMNS)
    return [
        (
            people[str(cells["record_id_l"])],
            people[str(cells["record_id_r"])],
            int(float(cells["clerical_match_score"])),
        )
        for _number, cells in pairs.rows()
    ]


def evaluate(model: dict, pairs: Iterable[tuple[dict, dict, int]], threshold: float = 0.9) -> dict:
    """How a model version scores the decided pairs: a merged pair should reach the threshold, a pair of
    different people should not."""
    from . import linkage_model
    from .evidence import pair_evidence
    from .features import record_features

    weights = linkage_model.Weights(model)
    counts = {"same_found": 0, "same_missed": 0, "different_found": 0, "different_kept_apart": 0}
    for left, right, label in pairs:
        found = (
            pair_evidence(record_features(left), record_features(right), weights)["probability"] >= threshold
        )
        if label:
            key = "same_found" if found else "same_missed"
        else:
            key = "different_found" if found else "different_kept_apart"
        counts[key] += 1
    found = counts["same_found"] + counts["different_found"]
    same = counts["same_found"] + counts["same_missed"]
    return {
        **counts,
        "threshold": threshold,
        "precision": round(counts["same_found"] / found, 4) if found else None,
        "recall": round(counts["same_found"] / same, 4) if same else None,
    }
