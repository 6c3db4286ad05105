"""The national manager reads every region as the regional manager reads his own, and changes nothing."""

import pytest
from django.http import Http404
from django.urls import reverse

from tamkeen.accounts.access import in_visible_regions, regions_visible_to
from tamkeen.geography.models import Office
from tamkeen.matching.access import match_runs_visible_to
from tamkeen.registry.access import (
    access_household,
    access_household_for_edit,
    access_member_for_edit,
    households_visible_to,
    members_editable_by,
    members_visible_to,
)
from tamkeen.reports.selectors import scope_for

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_regions_visible_to_says_all_for_the_national_manager_and_one_for_the_regional(world):
    assert regions_visible_to(world.manager_national) is None
    assert regions_visible_to(world.manager) == [world.region.pk]
    assert regions_visible_to(world.supervisor_sby) == []
    world.manager.region = None
    assert regions_visible_to(world.manager) == []
    assert not in_visible_regions(Office.objects.all(), world.manager).exists()


def test_the_national_manager_sees_every_regions_households_and_members(world):
    every = {world.household_sby.pk, world.household_frs.pk, world.household_abh.pk}
    assert ids(households_visible_to(world.manager_national)) == every
    assert world.head_abh.pk in ids(members_visible_to(world.manager_national))
    assert ids(members_visible_to(world.manager_national)) == ids(members_visible_to(world.manager)) | {
        world.head_abh.pk
    }
    # Jazan's manager never sees Asir.
    assert world.household_abh.pk not in ids(households_visible_to(world.manager))
    with pytest.raises(Http404):
        access_household(world.manager, world.household_abh.pk)
    assert access_household(world.manager_national, world.household_abh.pk) == world.household_abh


def test_the_national_manager_changes_no_record(world):
    assert not members_editable_by(world.manager_national).exists()
    with pytest.raises(Http404):
        access_household_for_edit(world.manager_national, world.household_abh.pk)
    with pytest.raises(Http404):
        access_member_for_edit(world.manager_national, world.head_sby.pk)


def test_the_national_figures_cover_every_office(world):
    scope = scope_for(world.manager_national)
    assert {o.code for o in scope.offices} == {"SBY", "FRS", "ABH"}
    assert not scope.is_office
    assert {o.code for o in scope_for(world.manager).offices} == {"SBY", "FRS"}
    assert scope.cache_key != scope_for(world.manager).cache_key


def test_match_runs_follow_the_same_scope(world):
    from tamkeen.matching.models import MatchRun

    run = MatchRun.objects.create(office=world.abh, started_by=world.manager_national)
    assert run.pk in ids(match_runs_visible_to(world.manager_national))
    assert run.pk not in ids(match_runs_visible_to(world.manager))


def test_the_national_manager_opens_an_asir_household_in_arabic(world, client):
    client.force_login(world.manager_national)
    response = client.get(
        reverse("registry:household", kwargs={"pk": world.household_abh.pk}), HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 200
    assert "610300" in response.text
    assert "الشهري" in response.text
    edit = client.get(reverse("registry:member_add", kwargs={"pk": world.household_abh.pk}))
    assert edit.status_code == 403  # office work, as for the regional manager
