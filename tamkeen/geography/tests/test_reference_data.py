"""The region's reference data as clerks' files name it: every spelling of a governorate finds it, one region's
look-up never reaches into another's, names follow the reader's language, and reloading changes nothing."""

import pytest
from django.utils import translation

from tamkeen.geography.models import Governorate, Office, Region
from tamkeen.geography.selectors import governorate_key, governorate_lookup, load_data_file
from tamkeen.geography.services import reference_data_ensure, reference_data_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def jazan():
    reference_data_ensure()
    return Region.objects.get(code="SA-09")


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("صبيا", "SAB"),
        ("صبياء", "SAB"),  # an alias clerks write
        (" sabya ", "SAB"),  # case and spaces
        ("ابو عريش", "ABA"),  # no hamza, a space the official name also has
        ("أبوعريش", "ABA"),  # hamza, no space
        ("al-harth", "HAR"),  # hyphen or space, either case
        ("Al Harth", "HAR"),
        ("الحارث", "HAR"),
        ("JAZ", "JAZ"),  # the code itself
        ("جيزان", "JAZ"),
    ],
)
def test_every_spelling_a_clerk_uses_finds_the_governorate(jazan, spelling, code):
    assert governorate_lookup(jazan.pk)[governorate_key(spelling)].code == code


def test_a_region_s_look_up_never_finds_another_region_s_governorate(jazan):
    baha, _ = Region.objects.get_or_create(code="SA-11", defaults={"name_ar": "الباحة", "name_en": "Al-Baha"})
    Governorate.objects.create(code="BAH", region=baha, name_ar="الباحة", name_en="Al-Baha")
    assert governorate_key("الباحة") not in governorate_lookup(jazan.pk)
    assert governorate_lookup(baha.pk)[governorate_key("الباحه")].code == "BAH"
    assert (
        governorate_lookup()[governorate_key("Al Baha")].code == "BAH"
    )  # every region, for the administrator
    assert governorate_key("الرياض") not in governorate_lookup()


def test_names_follow_the_reader_s_language(jazan):
    sabya = Governorate.objects.get(code="SAB")
    with translation.override("ar"):
        assert str(sabya) == "صبيا" and jazan.name == jazan.name_ar
    with translation.override("en"):
        assert str(sabya) == "Sabya" and jazan.name == jazan.name_en


def test_reloading_the_shipped_reference_data_restores_names_and_adds_nothing(jazan):
    counts = (Region.objects.count(), Governorate.objects.count(), Office.objects.count())
    Governorate.objects.filter(code="SAB").update(name_en="Sabiya (typo)")
    reference_data_load(load_data_file("regions.json"), load_data_file("jazan_governorates.json"))
    assert Governorate.objects.get(code="SAB").name_en == "Sabya"
    assert (Region.objects.count(), Governorate.objects.count(), Office.objects.count()) == counts
