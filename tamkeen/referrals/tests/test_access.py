"""Every branch of the referral, opportunity and consent doors."""

import pytest
from django.http import Http404

from tamkeen.accounts.models import Role
from tamkeen.consent.access import access_member_for_consent, consent_members_visible_to
from tamkeen.core.models import AuditEvent
from tamkeen.opportunities.access import (
    access_opportunity,
    access_opportunity_for_edit,
    opportunities_editable_by,
    opportunities_visible_to,
)
from tamkeen.referrals.access import access_notice, access_referral, notices_visible_to, referrals_visible_to
from tamkeen.referrals.models import OfficeNotice
from tamkeen.referrals.tests.fixtures import referral_world
from tests.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world):
    return referral_world(world)


def test_office_staff_see_their_office_referrals_only(world, objects):
    assert set(referrals_visible_to(world.worker_sby)) == {objects["sent"], objects["proposed"]}
    assert access_referral(world.supervisor_sby, objects["sent"].public_id) == objects["sent"]
    assert not referrals_visible_to(world.worker_frs).exists()
    with pytest.raises(Http404):
        access_referral(world.worker_frs, objects["sent"].public_id)


def test_manager_sees_the_region(world, objects):
    assert referrals_visible_to(world.manager).count() == 2


def test_partner_sees_own_entity_sent_referrals_never_proposals(world, objects):
    assert list(referrals_visible_to(world.partner_trainer)) == [objects["sent"]]
    with pytest.raises(Http404):
        access_referral(world.partner_trainer, objects["proposed"].public_id)
    with pytest.raises(Http404):
        access_referral(world.partner_employer, objects["sent"].public_id)


def test_a_beneficiary_sees_their_own_referrals_not_their_households(world, objects):
    assert list(referrals_visible_to(world.beneficiary_sby)) == [objects["sent"]]
    assert list(referrals_visible_to(world.beneficiary_wife)) == [objects["proposed"]]
    orphan = make_user("orphan_beneficiary", Role.BENEFICIARY)
    assert not referrals_visible_to(orphan).exists()


def test_other_roles_and_anonymous_see_nothing(world, objects):
    from django.contrib.auth.models import AnonymousUser

    for user in (world.organiser, world.auditor, world.admin, AnonymousUser()):
        assert not referrals_visible_to(user).exists()
    with pytest.raises(Http404):
        access_referral(world.auditor, "R-NOTHING")


def test_notices_belong_to_the_office(world, objects):
    notice = OfficeNotice.objects.create(office=world.sby, referral=objects["sent"], kind="declined")
    assert access_notice(world.worker_sby, notice.pk) == notice
    with pytest.raises(Http404):
        access_notice(world.worker_frs, notice.pk)
    assert not notices_visible_to(world.partner_trainer).exists()


def test_drafts_only_for_their_own_entity(world, objects):
    draft, course = objects["draft"], objects["course"]
    assert draft in opportunities_visible_to(world.partner_trainer)
    assert draft not in opportunities_visible_to(world.partner_employer)
    assert course in opportunities_visible_to(world.partner_employer)
    assert draft not in opportunities_visible_to(world.worker_sby)
    assert draft in opportunities_visible_to(world.admin)
    from django.contrib.auth.models import AnonymousUser

    assert not opportunities_visible_to(AnonymousUser()).exists()
    with pytest.raises(Http404):
        access_opportunity(world.partner_bank, draft.code)
    assert access_opportunity(world.partner_trainer, draft.code) == draft


def test_only_the_entity_edits_its_opportunities(world, objects):
    assert access_opportunity_for_edit(world.partner_trainer, objects["course"].code) == objects["course"]
    with pytest.raises(Http404):
        access_opportunity_for_edit(world.partner_employer, objects["course"].code)
    assert not opportunities_editable_by(world.worker_sby).exists()


def test_consent_door(world):
    assert access_member_for_consent(world.worker_sby, world.wife_sby.pk) == world.wife_sby
    assert access_member_for_consent(world.beneficiary_sby, world.head_sby.pk) == world.head_sby
    with pytest.raises(Http404):
        access_member_for_consent(world.beneficiary_sby, world.wife_sby.pk)
    with pytest.raises(Http404):
        access_member_for_consent(world.worker_frs, world.head_sby.pk)
    assert not consent_members_visible_to(world.partner_trainer).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not consent_members_visible_to(AnonymousUser()).exists()


def test_partner_opening_a_referral_is_in_the_audit_trail(world, objects, client_for):
    referral = objects["sent"]
    client = client_for(world.partner_trainer)
    response = client.get(f"/referrals/{referral.public_id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.head_sby.national_id in page  # shared: identity
    assert "1200" not in page  # household income was not shared
    read = AuditEvent.objects.filter(kind="read", action="referral.read", actor=world.partner_trainer).get()
    assert read.member_id == world.head_sby.pk


def test_caseload_scope_limits_case_workers_to_their_own_members(world, objects, settings):
    settings.TAMKEEN_CASEWORKER_SCOPE = "caseload"
    # Muhammad and Fatima are Nora's; their son has no case worker.
    assert set(referrals_visible_to(world.worker_sby)) == {objects["sent"], objects["proposed"]}
    assert access_member_for_consent(world.worker_sby, world.head_sby.pk) == world.head_sby
    with pytest.raises(Http404):
        access_member_for_consent(world.worker_sby, world.son_sby.pk)
    assert access_member_for_consent(world.supervisor_sby, world.son_sby.pk) == world.son_sby
    other = make_user("worker2_sby", Role.CASE_WORKER, office=world.sby)
    assert not referrals_visible_to(other).exists()
