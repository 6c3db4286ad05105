"""The directory of enabling entities: everyone who works with them reads it; a partner sees only itself."""

import pytest
from django.http import Http404

from tamkeen.partners.access import access_entity, can_see_entity_staff, entities_visible_to

pytestmark = pytest.mark.django_db


def test_partners_see_only_their_own_entity(world):
    assert list(entities_visible_to(world.partner_trainer)) == [world.trainer]
    with pytest.raises(Http404):
        access_entity(world.partner_trainer, world.employer.code)


def test_office_staff_manager_and_organiser_see_them_all(world):
    for user in (world.worker_frs, world.manager, world.organiser, world.admin):
        assert entities_visible_to(user).count() == 3


def test_beneficiaries_and_auditors_see_none(world):
    from django.contrib.auth.models import AnonymousUser

    for user in (world.beneficiary_sby, world.auditor, AnonymousUser()):
        assert not entities_visible_to(user).exists()


def test_staff_lists_are_for_managers_admins_and_the_entity_itself(world, client_for):
    assert can_see_entity_staff(world.manager, world.trainer)
    assert can_see_entity_staff(world.partner_trainer, world.trainer)
    assert not can_see_entity_staff(world.worker_sby, world.trainer)
    page = client_for(world.manager).get(f"/partners/{world.trainer.code}/").content.decode()
    assert world.partner_trainer.username in page
    page = client_for(world.worker_sby).get(f"/partners/{world.trainer.code}/").content.decode()
    assert world.partner_trainer.username not in page
