"""Who sees which referral, and how much of the person behind it.

Hind (the training institute) sees Muhammad only through the referral Nora sent her with his consent, and only
its frozen fields; once he withdraws the consent only the reference and the status remain. Muhammad and his
wife Fatima share a household but not their referrals: consent is per person.
"""

from django.urls import reverse

from tamkeen.consent.services import consent_withdraw
from tamkeen.consent.tests.factories import give_consent
from tamkeen.referrals import access, selectors, services
from tamkeen.referrals.tests.fixtures import referral_world


def _page(client, user, name, **kwargs) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs or None))
    return response.status_code, response.content.decode()


def test_the_partner_sees_the_frozen_fields_while_the_consent_is_active(world, client):
    sent = referral_world(world)["sent"]
    status, page = _page(client, world.partner_trainer, "referrals:detail", public_id=sent.public_id)
    assert status == 200 and world.head_sby.national_id in page
    status, inbox = _page(client, world.partner_trainer, "referrals:inbox")
    assert world.head_sby.full_name in inbox
    assert selectors.shared_data_for(world.partner_trainer, sent)["national_id"] == world.head_sby.national_id


def test_after_a_withdrawal_the_partner_keeps_only_the_reference_and_the_status(world, client):
    sent = referral_world(world)["sent"]
    consent_withdraw(actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer)
    status, page = _page(client, world.partner_trainer, "referrals:detail", public_id=sent.public_id)
    assert status == 200 and sent.public_id in page
    for personal in (world.head_sby.national_id, world.head_sby.full_name, world.head_sby.phone):
        assert personal not in page
    _status, inbox = _page(client, world.partner_trainer, "referrals:inbox")
    assert sent.public_id in inbox and world.head_sby.full_name not in inbox
    assert not access.can_see_shared_data(world.partner_trainer, sent)
    assert selectors.shared_data_for(world.partner_trainer, sent) == {}
    # The office keeps what was shared, to answer "who received my data".
    assert access.can_see_shared_data(world.worker_sby, sent)


def test_another_partner_never_sees_the_referral(world, client):
    sent = referral_world(world)["sent"]
    assert not access.can_view_referral(world.partner_employer, sent)
    status, _page_text = _page(client, world.partner_employer, "referrals:detail", public_id=sent.public_id)
    assert status == 404


def test_a_beneficiary_sees_their_own_referrals_not_their_wifes(world, client):
    world.wife_sby.phone = "+966551234567"
    world.wife_sby.save(update_fields=["phone"])
    objects = referral_world(world)
    give_consent(world.wife_sby, world.trainer)
    wifes = services.referral_send(actor=world.worker_sby, referral=objects["proposed"])
    own = objects["sent"]

    status, listing = _page(client, world.beneficiary_sby, "referrals:list")
    assert own.public_id in listing and wifes.public_id not in listing
    assert world.wife_sby.national_id not in listing and world.wife_sby.phone not in listing
    status, _text = _page(client, world.beneficiary_sby, "referrals:detail", public_id=wifes.public_id)
    assert status == 404

    status, listing = _page(client, world.beneficiary_wife, "referrals:list")
    assert wifes.public_id in listing and own.public_id not in listing
    status, _text = _page(client, world.beneficiary_wife, "referrals:detail", public_id=own.public_id)
    assert status == 404
    status, page = _page(client, world.beneficiary_wife, "referrals:detail", public_id=wifes.public_id)
    assert status == 200 and world.head_sby.national_id not in page
    assert not access.can_view_referral(world.beneficiary_wife, own)


def test_a_beneficiary_opens_their_own_member_record_and_the_household_file_not_the_others_details(
    world, client
):
    status, _text = _page(client, world.beneficiary_sby, "registry:member", pk=world.wife_sby.pk)
    assert status == 404
    status, _text = _page(client, world.beneficiary_wife, "registry:member", pk=world.head_sby.pk)
    assert status == 404
    status, household = _page(client, world.beneficiary_wife, "registry:household", pk=world.household_sby.pk)
    assert status == 200 and world.household_sby.file_number in household
    assert world.wife_sby.national_id in household
    for other in (world.head_sby, world.son_sby):
        assert other.national_id not in household
    assert world.head_sby.phone not in household
