"""Duplicate members and candidate pairs for the stories."""

from datetime import date

from tamkeen.dedup.evidence import pair_evidence
from tamkeen.dedup.features import record_features
from tamkeen.dedup.models import DuplicateCandidate
from tests.personas import make_member


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


def mistyped_id(national_id: str) -> str:
    """The ID with one digit mistyped (the checksum then fails: registered under a supervisor's override),
    unused in the registry. Two different *valid* IDs would be two people's."""
    from tamkeen.registry.models import Member

    for index in range(8, 0, -1):
        for digit in "1234567890":
            candidate = national_id[:index] + digit + national_id[index + 1 :]
            if candidate != national_id and not Member.objects.filter(national_id=candidate).exists():
                return candidate
    raise AssertionError("no free mistyping of " + national_id)


def make_duplicate_of(member, household=None, **changes):
    """Another registration of ``member``: hamza dropped from the names, the ID mistyped, no phone."""
    first = changes.pop("first_name", member.first_name.replace("أ", "ا"))
    fields = {
        "father_name": member.father_name.replace("أ", "ا"),
        "grandfather_name": member.grandfather_name.replace("أ", "ا"),
        "birth_date": member.birth_date,
        "national_id": mistyped_id(member.national_id),
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
