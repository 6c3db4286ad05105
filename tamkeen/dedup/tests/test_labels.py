"""Khalid's decisions in the review queue become labelled pairs for the next training of the model."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from tamkeen.dedup import linkage_model
from tamkeen.dedup.labels import evaluate, labelled_pairs, read_labels
from tamkeen.dedup.services import candidate_mark_distinct, candidate_merge, merge_undo
from tests.personas import make_member, next_national_id

from .factories import make_candidate, make_duplicate_of

pytestmark = pytest.mark.django_db


def _brother_of(member):
    return make_member(
        member.household,
        "son",
        "حسين",
        member.family_name,
        national_id=next_national_id(),
        father_name=member.father_name,
        grandfather_name=member.grandfather_name,
        birth_date=member.birth_date,
        phone=member.phone,
    )


def test_merges_and_different_people_are_exported_as_labelled_pairs(world, tmp_path):
    copy = make_duplicate_of(world.head_sby, phone="")
    merged = make_candidate(world.head_sby, copy)
    candidate_merge(actor=world.supervisor_sby, candidate=merged, survivor_id=world.head_sby.pk)
    twin = _brother_of(world.son_sby)
    distinct = make_candidate(world.son_sby, twin)
    candidate_mark_distinct(actor=world.supervisor_sby, candidate=distinct)
    make_candidate(world.wife_sby, make_duplicate_of(world.wife_sby))  # still pending: no label yet

    pairs = list(labelled_pairs())

    assert [label for *_, label in pairs] == [1, 0]
    same_left, same_right, _ = pairs[0]
    # The merged member is gone from the registry; its record comes from the merge's snapshot.
    assert {same_left["record_id"], same_right["record_id"]} == {f"m{world.head_sby.pk}", f"m{copy.pk}"}
    assert same_right["national_id"] == copy.national_id and same_right["governorate"]
    assert {pairs[1][0]["first_name"], pairs[1][1]["first_name"]} == {world.son_sby.first_name, "حسين"}

    out = io.StringIO()
    call_command("dedup_labels", "--output", str(tmp_path), stdout=out)
    assert json.loads(out.getvalue()) == {"pairs": 2, "same_person": 1, "different_people": 1, "records": 4}
    with (tmp_path / "labels.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["clerical_match_score"] for row in rows] == ["1", "0"]
    with (tmp_path / "people.csv").open(encoding="utf-8") as handle:
        people = {row["record_id"] for row in csv.DictReader(handle)}
    assert {row["record_id_l"] for row in rows} | {row["record_id_r"] for row in rows} == people

    # The next version is measured on these decisions: the committed model agrees with both.
    assert read_labels(tmp_path) == pairs
    evaluation = evaluate(linkage_model.load(), read_labels(tmp_path))
    assert evaluation["same_found"] == 1 and evaluation["different_kept_apart"] == 1
    assert evaluation["precision"] == 1.0 and evaluation["recall"] == 1.0


def test_an_undone_merge_is_no_longer_a_label(world):
    copy = make_duplicate_of(world.head_sby, phone="")
    candidate = make_candidate(world.head_sby, copy)
    merge = candidate_merge(actor=world.supervisor_sby, candidate=candidate, survivor_id=world.head_sby.pk)
    merge_undo(actor=world.supervisor_sby, merge=merge)
    assert list(labelled_pairs()) == []
