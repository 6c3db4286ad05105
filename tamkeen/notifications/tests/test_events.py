"""The platform's events reach the member through the outbox: Muhammad is referred, answered, approved, warned."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.cases import services as case_services
from tamkeen.consent.services import consent_record
from tamkeen.notifications.models import Message
from tamkeen.notifications.services import preference_update
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referral_services

pytestmark = pytest.mark.django_db


def texts(event, member):
    return list(
        Message.objects.filter(event=event, member=member, channel="sms").values_list("body", flat=True)
    )


def sent_referral(world, **opportunity_fields):
    course = make_opportunity(
        world.trainer, title_ar="دورة المبيعات", title_en="Sales course", **opportunity_fields
    )
    consent_record(
        actor=world.beneficiary_sby,
        member=world.head_sby,
        entity=world.trainer,
        categories=["identity", "contact"],
    )
    referral = referral_services.referral_propose(
        actor=world.worker_sby, member=world.head_sby, opportunity=course
    )
    return referral_services.referral_send(actor=world.worker_sby, referral=referral, categories=["identity"])


def test_a_referral_sent_accepted_and_its_texts_in_the_members_language(world):
    preference_update(actor=None, member=world.head_sby, language="en")
    referral = sent_referral(world)
    assert "You were referred to Sales course at TRN-DEMO" in texts("referral.sent", world.head_sby)[0]
    referral_services.referral_accept(actor=world.partner_trainer, referral=referral)
    [accepted] = texts("referral.accepted", world.head_sby)
    assert "TRN-DEMO accepted you for Sales course" in accepted and "Sabya office" in accepted


def test_a_declined_referral_says_why_in_arabic(world):
    referral = sent_referral(world)
    referral_services.referral_decline(
        actor=world.partner_trainer, referral=referral, reason_code="no_capacity"
    )
    [declined] = texts("referral.declined", world.head_sby)
    assert "دورة المبيعات" in declined and "معهد المستقبل للتدريب" in declined


def test_a_referral_about_to_expire_is_announced_once(world):
    referral = sent_referral(world)
    today = timezone.localdate()
    assert referral_services.referrals_warn_expiring(today=referral.due_by - timedelta(days=5)) == 0
    assert referral_services.referrals_warn_expiring(today=referral.due_by - timedelta(days=1)) == 1
    assert referral_services.referrals_warn_expiring(today=referral.due_by) == 0
    assert len(texts("referral.expiring", world.head_sby)) == 1 and today <= referral.due_by


def test_an_approved_plan_names_the_first_step_date(world):
    plan = case_services.plan_create(
        actor=world.worker_sby, member=world.head_sby, track="employment", goals="عمل"
    )
    due = timezone.localdate() + timedelta(days=7)
    case_services.plan_action_add(
        actor=world.worker_sby, plan=plan, description="x", owner="member", due_date=due
    )
    case_services.plan_submit(actor=world.worker_sby, plan=plan)
    case_services.plan_approve(actor=world.supervisor_sby, plan=plan)
    [approved] = texts("plan.approved", world.head_sby)
    assert due.isoformat() in approved and "هـ" in approved


def test_a_sanction_exit_reaches_the_head_even_when_opted_out_with_how_to_appeal(world):
    preference_update(actor=None, member=world.head_sby, is_opted_out=True)
    case_services.household_exit_sanction(
        actor=world.supervisor_sby,
        household=world.household_sby,
        ground="refused_offers",
        legal_reference="المادة 12",
    )
    [notice] = texts("case.sanction_exit", world.head_sby)
    assert "التظلم" in notice and "30" in notice
    assert Message.objects.get(event="case.sanction_exit", channel="sms").is_required
