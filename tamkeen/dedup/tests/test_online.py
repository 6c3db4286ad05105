"""Nora (case worker, Sabya) types a member who is already registered: the form warns her."""

import pytest

from tamkeen.dedup.online import national_id_variants, probable_duplicates

from .factories import make_duplicate_of  # noqa: F401  (kept for symmetry with other stories)

pytestmark = pytest.mark.django_db


def test_a_respelled_name_with_the_same_phone_is_found(world):
    found = probable_duplicates("محمد", "على", "احمد", "الحازمى", "", "1988-05-01", "0501234567")
    assert found and found[0][0] == world.head_sby.pk and found[0][1] > 0.9
    assert {reason[0] for reason in found[0][2]} >= {"n1", "phone", "dob"}


def test_a_mistyped_national_id_is_found(world):
    national_id = world.head_frs.national_id
    typo = national_id[:3] + national_id[4] + national_id[3] + national_id[5:]
    found = probable_duplicates("يحيى", "موسى", "", "عقيلي", typo, "1980-01-15", "")
    assert found[0][0] == world.head_frs.pk


def test_a_brother_is_not_a_duplicate(world):
    found = probable_duplicates("خالد", "علي", "أحمد", "الحازمي", "", "1995-01-01", "")
    assert world.head_sby.pk not in [pk for pk, _, _ in found]


def test_a_twin_with_a_close_name_and_his_own_valid_id_is_not_a_duplicate(world):
    """The online check applies the batch's rules: two valid IDs further apart than a typo, and two given
    names that are two names (حسن/حسين), are two people even with one birth date, family and phone."""
    from tests.personas import make_member, next_national_id

    son = world.son_sby
    twin_fields = {
        "father_name": son.father_name,
        "grandfather_name": son.grandfather_name,
        "birth_date": son.birth_date,
        "phone": son.phone,
        "gender": son.gender,
    }
    make_member(son.household, "son", "حسن", son.family_name, national_id=next_national_id(), **twin_fields)
    make_member(son.household, "son", "حسين", son.family_name, national_id=next_national_id(), **twin_fields)
    found = probable_duplicates(
        "حسين",
        son.father_name,
        son.grandfather_name,
        son.family_name,
        next_national_id(),
        son.birth_date,
        son.phone,
    )
    assert found == []
    # The same person typed again with his ID mistyped by one digit is still found.
    national_id = son.national_id
    typo = national_id[:5] + str((int(national_id[5]) + 1) % 10) + national_id[6:]
    again = probable_duplicates(
        son.first_name, son.father_name, "", son.family_name, typo, son.birth_date, son.phone
    )
    assert again and again[0][0] == son.pk


def test_national_id_variants_cover_single_typos():
    variants = national_id_variants("1000000008")
    assert "1000000008" in variants and "1000000009" in variants and "0100000008" in variants
    assert len(variants) == 1 + 90 + 2


def test_check_partial_lists_the_match_for_a_case_worker(world, client_for):
    client = client_for(world.worker_sby)
    response = client.post(
        "/dedup/check/",
        {
            "first_name": "محمد",
            "father_name": "علي",
            "family_name": "الحازمي",
            "phone": "0501234567",
            "birth_date": "1988-05-01",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "محمد علي أحمد الحازمي" in response.content.decode()


def test_the_household_forms_prefixed_head_fields_are_checked(world, client_for):
    client = client_for(world.worker_sby)
    response = client.post(
        "/dedup/check/?prefix=head",
        {"head-first_name": "محمد", "head-father_name": "على", "head-family_name": "الحازمى",
         "head-birth_date": "1988-05-01", "head-phone": "0501234567"},
    )  # fmt: skip
    assert world.head_sby.full_name in response.content.decode()


def test_the_member_form_shows_where_duplicates_will_appear(world, client_for):
    page = client_for(world.worker_sby).get(f"/registry/members/{world.head_sby.pk}/edit/").content.decode()
    assert f"/dedup/check/?exclude={world.head_sby.pk}" in page
