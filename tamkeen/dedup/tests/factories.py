"""Duplicate members and candidate pairs for the stories."""

from datetime import date

from tamkeen.dedup.evidence import pair_evidence
from tamkeen.dedup.features import record_features
from tamkeen.dedup.models import DuplicateCandidate
from tests.personas import make_member, next_national_id


def as_record(member) -> dict:
    return {
        "record_id": str(member.pk),
        "national_id": member.national_id,
        "first_name": member.first_name,
        "father_name": member.father_name,
        "grandfather_name": member.grandfather_name,
        "family_name": member.family_name,
        "gender": member.gender,
        "birth_date": member.birth_date,
        "phone": member.phone,
        "governorate": member.household.governorate.name_ar,
    }


def make_duplicate_of(member, household=None, **changes):
    """Another registration of ``member``: hamza dropped from the names, another national ID, no phone."""
    first = changes.pop("first_name", member.first_name.replace("أ", "ا"))
    fields = {
        "father_name": member.father_name.replace("أ", "ا"),
        "grandfather_name": member.grandfather_name.replace("أ", "ا"),
        "birth_date": member.birth_date,
        "national_id": next_national_id(),
        "gender": member.gender,
        **changes,
    }
    return make_member(household or member.household, "other", first, member.family_name, **fields)


def make_candidate(member_a, member_b) -> DuplicateCandidate:
    low, high = sorted([member_a, member_b], key=lambda m: m.pk)
    evidence = pair_evidence(record_features(as_record(low)), record_features(as_record(high)))
    return DuplicateCandidate.objects.create(
        low_id=low.pk,
        high_id=high.pk,
        member_a=low,
        member_b=high,
        office_a=low.household.office,
        office_b=high.household.office,
        probability=evidence["probability"],
        evidence=evidence,
    )


BIRTH = date(2004, 9, 1)
