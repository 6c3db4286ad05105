"""The evidence rules of identity (issue: identity on unseen data), scored with the committed model."""

from tamkeen.core.identifiers import luhn_check_digit
from tamkeen.dedup.evidence import pair_evidence
from tamkeen.dedup.features import established_names, mark_known, record_features


def _valid(body: str) -> str:
    return body + luhn_check_digit(body)


def _person(**fields) -> dict:
    base = {
        "record_id": "a",
        "national_id": "",
        "first_name": "حسن",
        "father_name": "علي",
        "grandfather_name": "محمد",
        "family_name": "الحكمي",
        "gender": "M",
        "birth_date": "2001-05-04",
        "phone": "0551234567",
        "governorate": "صبيا",
    }
    return record_features({**base, **fields})


def _evidence(left: dict, right: dict) -> dict:
    return pair_evidence(left, right)


def test_twins_with_close_names_and_two_valid_ids_are_two_people():
    hasan = _person(national_id=_valid("110123456"))
    husain = _person(record_id="b", first_name="حسين", national_id=_valid("110987654"))
    evidence = _evidence(hasan, husain)
    assert evidence["fields"]["nid"]["level"] == "both_valid"
    assert evidence["fields"]["n1"]["level"] == "other_name"
    assert evidence["fields"]["phone"]["level"] == "shared_other_name"
    assert evidence["probability"] < 0.01


def test_twins_without_ids_are_still_two_people_when_their_names_are_two_names():
    evidence = _evidence(_person(), _person(record_id="b", first_name="حسين"))
    assert evidence["fields"]["nid"]["level"] is None
    assert evidence["probability"] < 0.5


def test_sisters_sharing_the_household_phone_are_not_a_duplicate():
    maryam = _person(first_name="مريم", gender="F", birth_date="")
    aisha = _person(record_id="b", first_name="عائشة", gender="F", birth_date="")
    evidence = _evidence(maryam, aisha)
    assert evidence["fields"]["n1"]["level"] in {"other_name", "different"}
    assert evidence["fields"]["phone"]["weight"] == 0
    assert evidence["probability"] < 0.01


def test_one_mistyped_digit_and_a_respelling_are_still_one_person():
    national_id = _valid("110123456")
    mistyped = national_id[:4] + str((int(national_id[4]) + 3) % 10) + national_id[5:]
    swapped = national_id[:5] + national_id[6] + national_id[5] + national_id[7:]
    first = _person(first_name="عبدالله", national_id=national_id)
    for other_id, level in ((mistyped, "one_digit"), (swapped, "transposed")):
        again = _person(record_id="b", first_name="عبد الله", national_id=other_id, birth_date="1422/02/10")
        evidence = _evidence(first, again)
        assert evidence["fields"]["nid"]["level"] == level
        assert evidence["probability"] > 0.99


def test_a_phone_alone_does_not_carry_a_pair():
    left = _person(first_name="", father_name="", grandfather_name="", birth_date="")
    right = _person(record_id="b", first_name="", father_name="", grandfather_name="", birth_date="")
    evidence = _evidence(left, right)
    assert 0 < evidence["fields"]["phone"]["weight"] <= 4
    assert evidence["probability"] < 0.5


def test_established_names_are_frequent_names_not_typos():
    rows = [{"n1": "mHmd"}] * 30 + [{"n1": "mHmwd"}] * 10 + [{"n1": "mmd"}] * 2
    known = established_names(rows)
    assert known == {"mHmd", "mHmwd"}
    assert mark_known({"n1": "mmd", "n2": "mHmd"}, known) == {"n1": "mmd", "n2": "mHmd", "n1k": 0, "n2k": 1}
