"""Saad (the employer) sees a hire only through a referral sent to him with consent, and his word is evidence
for Nora's office, never a decision: he cannot verify, refute or choose what kind of evidence it is."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.outcomes import access
from tamkeen.outcomes.models import PartnerConfirmation
from tamkeen.outcomes.services import outcome_confirm, outcome_refute, outcome_report, outcome_verify
from tamkeen.referrals import services as referrals


def _tagged_hire(world):
    """A hire Nora recorded and tagged with the employer, with no referral behind it."""
    return outcome_report(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        employer_name="الساحل",
        wage=4500,
    )


def _referred_hire(world):
    """Muhammad referred to Saad's job with consent, hired, and the hire reported by Nora."""
    job = make_opportunity(
        world.employer, track=Opportunity.Track.EMPLOYMENT, kind=Opportunity.Kind.JOB, title_ar="كاشير"
    )
    give_consent(world.head_sby, world.employer)
    referral = referrals.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=job)
    referral = referrals.referral_send(actor=world.worker_sby, referral=referral)
    referral = referrals.referral_accept(actor=world.partner_employer, referral=referral)
    referral = referrals.referral_start(actor=world.partner_employer, referral=referral)
    outcome = outcome_report(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        referral=referral,
        wage=4500,
    )
    return referral, outcome


def test_a_partner_does_not_open_an_outcome_only_because_it_is_tagged_with_its_entity(world, client):
    outcome = _tagged_hire(world)
    client.force_login(world.partner_employer)
    detail = client.get(reverse("outcomes:detail", args=[outcome.pk]))
    assert detail.status_code in (403, 404)
    assert world.household_sby.file_number not in detail.content.decode()
    listing = client.get(reverse("outcomes:list"))
    assert world.head_sby.family_name not in listing.content.decode()
    assert not access.outcomes_visible_to(world.partner_employer).exists()
    assert not access.can_view_outcome(world.partner_employer, outcome)
    assert access.can_view_outcome(world.worker_sby, outcome)


def test_a_partner_can_neither_verify_nor_refute_an_outcome(world, client):
    outcome = _tagged_hire(world)
    client.force_login(world.partner_employer)
    client.post(reverse("outcomes:verify", args=[outcome.pk]), {"evidence_kind": "partner_confirmation"})
    client.post(
        reverse("outcomes:refute", args=[outcome.pk]), {"evidence_kind": "document", "reason": "لم يباشر"}
    )
    outcome.refresh_from_db()
    assert outcome.verification_status == "reported"
    assert not outcome.verifications.exists()
    with pytest.raises(PermissionDenied):
        outcome_verify(actor=world.partner_employer, outcome=outcome, evidence_kind="partner_confirmation")
    with pytest.raises(PermissionDenied):
        outcome_refute(actor=world.partner_employer, outcome=outcome, evidence_kind="document", reason="x")
    assert not access.can_verify_outcome(world.partner_employer, outcome)
    assert not access.can_refute_outcome(world.partner_employer, outcome)
    assert access.can_verify_outcome(world.worker_sby, outcome)
    assert not access.can_verify_outcome(world.worker_frs, outcome)


def test_the_partner_confirms_on_its_referral_and_the_office_verifies_with_that_evidence(world, client):
    referral, outcome = _referred_hire(world)
    with pytest.raises(ValidationError):  # no confirmation on file yet: the office cannot claim one
        outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="partner_confirmation")
    assert not access.can_confirm_outcome(world.partner_trainer, outcome)
    assert not access.can_confirm_outcome(world.worker_sby, outcome)
    assert access.can_confirm_outcome(world.partner_employer, outcome)

    client.force_login(world.partner_employer)
    page = client.get(reverse("referrals:detail", args=[referral.public_id])).content.decode()
    assert reverse("outcomes:confirm", args=[outcome.pk]) in page
    response = client.post(
        reverse("outcomes:confirm", args=[outcome.pk]),
        {"reference": "HR-77", "note": "باشر العمل", "evidence_kind": "social_insurance"},
    )
    assert response.status_code == 302
    confirmation = PartnerConfirmation.objects.get(outcome=outcome)
    assert (confirmation.entity, confirmation.actor, confirmation.reference) == (
        world.employer,
        world.partner_employer,
        "HR-77",
    )
    outcome.refresh_from_db()
    assert outcome.verification_status == "reported"  # evidence for the office, not a decision
    assert not outcome.verifications.exists()

    client.force_login(world.partner_trainer)
    assert client.post(reverse("outcomes:confirm", args=[outcome.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        outcome_confirm(actor=world.partner_trainer, outcome=outcome)

    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="partner_confirmation")
    outcome.refresh_from_db()
    assert outcome.is_verified and outcome.evidence_kind == "partner_confirmation"


def test_after_a_consent_withdrawal_the_partner_can_no_longer_confirm(world):
    from tamkeen.consent.services import consent_withdraw

    _referral, outcome = _referred_hire(world)
    consent_withdraw(actor=world.worker_sby, member=world.head_sby, entity=world.employer)
    assert not access.can_confirm_outcome(world.partner_employer, outcome)
    with pytest.raises(PermissionDenied):
        outcome_confirm(actor=world.partner_employer, outcome=outcome)
