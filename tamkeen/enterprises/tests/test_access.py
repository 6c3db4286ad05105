"""Every branch of the enterprises' one door."""

import pytest
from django.http import Http404

from tamkeen.enterprises.access import (
    access_enterprise,
    access_enterprise_for_edit,
    access_household_for_enterprise,
    enterprises_editable_by,
    enterprises_visible_to,
    households_visible_to,
)
from tamkeen.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def kitchens(world):
    return make_enterprise(world.household_sby, world.wife_sby), make_enterprise(
        world.household_frs, world.head_frs
    )


def test_office_staff_see_their_offices_families(world, kitchens):
    sby, frs = kitchens
    assert list(enterprises_visible_to(world.worker_sby)) == [sby]
    assert list(enterprises_visible_to(world.supervisor_frs)) == [frs]
    assert access_enterprise(world.worker_sby, sby.pk) == sby
    with pytest.raises(Http404):
        access_enterprise(world.worker_sby, frs.pk)


def test_the_manager_sees_the_region_and_changes_nothing(world, kitchens):
    assert set(enterprises_visible_to(world.manager)) == set(kitchens)
    assert not enterprises_editable_by(world.manager).exists()
    with pytest.raises(Http404):
        access_enterprise_for_edit(world.manager, kitchens[0].pk)


def test_the_family_sees_its_own_enterprise(world, kitchens):
    assert list(enterprises_visible_to(world.beneficiary_sby)) == [kitchens[0]]
    with pytest.raises(Http404):
        access_household_for_enterprise(world.beneficiary_sby, world.household_sby.pk)


@pytest.mark.parametrize("persona", ["partner_bank", "organiser", "auditor", "admin"])
def test_others_see_no_family(world, kitchens, persona):
    assert not households_visible_to(world.users[persona]).exists()
    with pytest.raises(Http404):
        access_enterprise(world.users[persona], kitchens[0].pk)


def test_missing_and_not_yours_look_the_same(world, kitchens):
    with pytest.raises(Http404) as missing:
        access_enterprise(world.worker_sby, 999_999)
    with pytest.raises(Http404) as not_yours:
        access_enterprise(world.worker_sby, kitchens[1].pk)
    assert str(missing.value) == str(not_yours.value)


def test_anonymous_sees_nothing(kitchens):
    from django.contrib.auth.models import AnonymousUser

    assert not households_visible_to(AnonymousUser()).exists()


def test_editors_reach_households_of_their_office_only(world):
    assert access_household_for_enterprise(world.worker_sby, world.household_sby.pk) == world.household_sby
    with pytest.raises(Http404):
        access_household_for_enterprise(world.worker_sby, world.household_frs.pk)
