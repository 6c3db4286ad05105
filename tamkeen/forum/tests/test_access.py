"""Every branch of the forum's doors: organisers see their events, staff their booth, members their badge."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tamkeen.forum import access
from tamkeen.forum.tests.factories import make_forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(world):
    return make_forum(world)


def test_organisers_see_their_regions_events_and_those_they_organise(world, forum):
    assert list(access.events_visible_to(world.organiser)) == [forum.event]
    forum.other_region_event.committee.add(world.organiser)
    assert set(access.events_visible_to(world.organiser)) == {forum.event, forum.other_region_event}


def test_the_manager_reads_the_regions_events_but_manages_none(world, forum):
    assert list(access.events_visible_to(world.manager)) == [forum.event]
    with pytest.raises(Http404):
        access.access_event_for_organiser(world.manager, forum.event.pk)


@pytest.mark.parametrize("persona", ["worker_sby", "partner_employer", "auditor", "admin", "beneficiary_sby"])
def test_others_see_no_event(world, forum, persona):
    with pytest.raises(Http404):
        access.access_event(world.users[persona], forum.event.pk)


def test_registrations_organisers_see_all_members_see_their_own(world, forum):
    assert access.registrations_visible_to(world.organiser).count() == 3
    assert list(access.registrations_visible_to(world.beneficiary_sby)) == [forum.head_sby]
    assert not access.registrations_visible_to(world.worker_sby).exists()
    assert not access.registrations_visible_to(AnonymousUser()).exists()
    with pytest.raises(Http404):
        access.access_registration(world.beneficiary_sby, forum.head_frs.pk)


def test_entity_staff_reach_only_their_entitys_booth(world, forum):
    assert access.access_entity_booth(world.partner_employer, forum.employer_booth.pk) == forum.employer_booth
    with pytest.raises(Http404):
        access.access_entity_booth(world.partner_trainer, forum.employer_booth.pk)
    with pytest.raises(Http404):
        access.access_entity_booth(world.organiser, forum.employer_booth.pk)


def test_an_exhibitor_booth_is_the_familys_and_the_organisers(world, forum):
    assert access.access_exhibitor_booth(world.beneficiary_sby, forum.family_booth.pk) == forum.family_booth
    assert access.access_exhibitor_booth(world.organiser, forum.family_booth.pk) == forum.family_booth
    with pytest.raises(Http404):
        access.access_exhibitor_booth(world.partner_employer, forum.family_booth.pk)
    with pytest.raises(Http404):
        access.access_exhibitor_booth(world.organiser, forum.employer_booth.pk)
    assert not access.booths_visible_to(world.worker_sby).exists()
