"""Consent is never edited: Nora records it on paper, Muhammad changes or withdraws it himself."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tamkeen.consent.models import Consent
from tamkeen.consent.selectors import active_consent, current_consents_of
from tamkeen.consent.services import ConsentError, consent_record, consent_withdraw
from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def scan():
    return SimpleUploadedFile("consent.pdf", b"%PDF-1.4 signed", content_type="application/pdf")


def test_nora_records_a_paper_consent_with_the_scanned_form(world):
    consent = consent_record(
        actor=world.worker_sby,
        member=world.head_sby,
        entity=world.trainer,
        categories=["identity", "labour"],
        scanned_form=scan(),
    )
    assert consent.given_via == "paper" and consent.scanned_form.name.endswith(".pdf")
    assert active_consent(world.head_sby, world.trainer) == consent
    assert AuditEvent.objects.filter(action="consent.record", member_id=world.head_sby.pk).exists()


def test_a_paper_consent_needs_its_form(world):
    with pytest.raises(ConsentError):
        consent_record(
            actor=world.worker_sby, member=world.head_sby, entity=world.trainer, categories=["identity"]
        )


def test_a_change_is_a_new_record_superseding_the_old(world):
    first = consent_record(
        actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer, categories=["identity"]
    )
    second = consent_record(
        actor=world.beneficiary_sby,
        member=world.head_sby,
        entity=world.trainer,
        categories=["identity", "contact"],
    )
    first.refresh_from_db()
    assert first.categories == ["identity"]
    assert second.supersedes == first and second.given_via == "member"
    assert active_consent(world.head_sby, world.trainer) == second
    assert current_consents_of(world.head_sby) == [second]


def test_withdrawal_is_a_new_record_and_ends_the_active_consent(world):
    consent_record(
        actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer, categories=["identity"]
    )
    withdrawal = consent_withdraw(actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer)
    assert withdrawal.is_withdrawal
    assert active_consent(world.head_sby, world.trainer) is None
    assert Consent.objects.filter(member=world.head_sby).count() == 2
    with pytest.raises(ConsentError):
        consent_withdraw(actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer)


def test_nobody_else_records_consent(world):
    for actor in (world.worker_frs, world.partner_trainer, world.manager):
        with pytest.raises(PermissionDenied):
            consent_record(
                actor=actor,
                member=world.head_sby,
                entity=world.trainer,
                categories=["identity"],
                scanned_form=scan(),
            )
    with pytest.raises(PermissionDenied):  # Muhammad cannot speak for his wife
        consent_record(
            actor=world.beneficiary_sby, member=world.wife_sby, entity=world.trainer, categories=["identity"]
        )


def test_unknown_categories_are_refused(world):
    with pytest.raises(ConsentError):
        consent_record(
            actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer, categories=["dna"]
        )


def test_the_member_sees_who_received_his_data(world, client_for):
    from tamkeen.referrals.selectors import data_recipients_of
    from tamkeen.referrals.tests.fixtures import referral_world

    referral = referral_world(world)["sent"]
    rows = data_recipients_of(world.head_sby)
    assert rows[0]["entity"] == world.trainer and rows[0]["referral"] == referral
    response = client_for(world.beneficiary_sby).get("/consent/mine/")
    assert response.status_code == 200
    assert referral.public_id in response.content.decode()


def test_the_member_withdraws_from_his_page(world, client_for):
    consent_record(
        actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer, categories=["identity"]
    )
    client = client_for(world.beneficiary_sby)
    response = client.post(
        f"/consent/member/{world.head_sby.pk}/withdraw/", {"entity": world.trainer.pk, "purpose": "referral"}
    )
    assert response.status_code == 302
    assert active_consent(world.head_sby, world.trainer) is None
