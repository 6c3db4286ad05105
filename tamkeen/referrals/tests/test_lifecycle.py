"""A referral's life: Nora (case worker, Sabya) refers Muhammad; Hind (training provider) answers."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tamkeen.consent.models import Category
from tamkeen.consent.services import consent_withdraw
from tamkeen.consent.tests.factories import give_consent
from tamkeen.core.models import AuditEvent
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.models import OfficeNotice, Referral, Status


@pytest.fixture
def course(world):
    return make_opportunity(world.trainer, capacity=2)


@pytest.fixture
def proposed(world, course):
    return services.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)


def sent_referral(world, course, member=None):
    member = member or world.head_sby
    give_consent(member, course.entity)
    referral = services.referral_propose(actor=world.worker_sby, member=member, opportunity=course)
    return services.referral_send(actor=world.worker_sby, referral=referral)


def test_nora_sends_with_consent_freezing_the_shared_fields_and_taking_a_seat(world, course, proposed):
    give_consent(world.head_sby, world.trainer)
    referral = services.referral_send(actor=world.worker_sby, referral=proposed)
    assert referral.status == Status.SENT
    assert referral.shared_fields["national_id"] == world.head_sby.national_id
    assert "disability" not in referral.shared_fields
    assert "monthly_income" not in referral.shared_fields  # not carried: labour, identity, contact only
    assert referral.due_by == timezone.localdate() + timedelta(days=world.trainer.response_days)
    course.refresh_from_db()
    assert course.seats_taken == 1
    assert AuditEvent.objects.filter(action="referral.send", object_id=str(referral.pk)).count() == 1
    # Later edits to the member do not change what was shared.
    world.head_sby.phone = "+966509999999"
    world.head_sby.save(update_fields=["phone"])
    referral.refresh_from_db()
    assert referral.shared_fields["phone"] == "+966501234567"


def test_no_consent_no_sending(world, course, proposed):
    with pytest.raises(services.ConsentMissing):
        services.referral_send(actor=world.worker_sby, referral=proposed)
    course.refresh_from_db()
    assert course.seats_taken == 0


def test_consent_must_cover_every_category_carried(world, course, proposed):
    give_consent(world.head_sby, world.trainer, categories=[Category.IDENTITY])
    with pytest.raises(services.ConsentMissing, match="التواصل"):  # contact, in Arabic
        services.referral_send(actor=world.worker_sby, referral=proposed)


def test_consent_for_another_entity_does_not_count(world, course, proposed):
    give_consent(world.head_sby, world.employer)
    with pytest.raises(services.ConsentMissing):
        services.referral_send(actor=world.worker_sby, referral=proposed)


def test_withdrawn_consent_stops_sending_at_once(world, course, proposed):
    give_consent(world.head_sby, world.trainer)
    consent_withdraw(actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer)
    with pytest.raises(services.ConsentMissing):
        services.referral_send(actor=world.worker_sby, referral=proposed)


def test_farasan_worker_cannot_refer_or_send_a_sabya_member(world, course, proposed):
    with pytest.raises(PermissionDenied):
        services.referral_propose(actor=world.worker_frs, member=world.wife_sby, opportunity=course)
    give_consent(world.head_sby, world.trainer)
    with pytest.raises(PermissionDenied):
        services.referral_send(actor=world.worker_frs, referral=proposed)


def test_the_whole_course_path(world, course):
    referral = sent_referral(world, course)
    trainer = world.partner_trainer
    referral = services.referral_accept(actor=trainer, referral=referral)
    assert referral.answered_at is not None
    referral = services.referral_enrol(actor=trainer, referral=referral)
    referral = services.referral_complete(actor=trainer, referral=referral)
    assert referral.status == Status.COMPLETED and referral.closed_at is not None
    assert [e.to_status for e in referral.events.all()] == [
        "proposed",
        "sent",
        "accepted",
        "enrolled",
        "completed",
    ]
    course.refresh_from_db()
    assert course.seats_taken == 1  # a used seat stays used


def test_another_entity_cannot_answer(world, course):
    referral = sent_referral(world, course)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=world.partner_employer, referral=referral)
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=world.worker_sby, referral=referral)


def test_invalid_transitions_say_the_current_state(world, course):
    referral = sent_referral(world, course)
    with pytest.raises(services.InvalidTransition) as error:
        services.referral_complete(actor=world.partner_trainer, referral=referral)
    assert error.value.current == Status.SENT
    services.referral_accept(actor=world.partner_trainer, referral=referral)
    with pytest.raises(services.InvalidTransition):
        services.referral_accept(actor=world.partner_trainer, referral=referral)


def test_decline_needs_a_reason_frees_the_seat_and_tells_the_office(world, course):
    referral = sent_referral(world, course)
    with pytest.raises(services.ReasonRequired):
        services.referral_decline(actor=world.partner_trainer, referral=referral, reason_code="")
    referral = services.referral_decline(
        actor=world.partner_trainer, referral=referral, reason_code=Referral.Reason.NOT_ELIGIBLE
    )
    assert referral.status == Status.DECLINED and not referral.holds_seat
    course.refresh_from_db()
    assert course.seats_taken == 0
    assert OfficeNotice.objects.filter(office=world.sby, referral=referral, kind="declined").exists()


def test_withdraw_from_any_open_state_frees_the_seat(world, course):
    referral = sent_referral(world, course)
    services.referral_accept(actor=world.partner_trainer, referral=referral)
    with pytest.raises(PermissionDenied):
        services.referral_withdraw(actor=world.partner_trainer, referral=referral)
    referral = services.referral_withdraw(
        actor=world.supervisor_sby, referral=referral, reason_code="found_other"
    )
    assert referral.status == Status.WITHDRAWN
    course.refresh_from_db()
    assert course.seats_taken == 0
    with pytest.raises(services.InvalidTransition):
        services.referral_withdraw(actor=world.supervisor_sby, referral=referral)


def test_the_last_seat_goes_to_one_referral_only(world):
    course = make_opportunity(world.trainer, capacity=1)
    sent_referral(world, course)
    with pytest.raises(services.NoSeatLeft):
        sent_referral(world, course, member=world.wife_sby)
    course.refresh_from_db()
    assert course.seats_taken == 1
    assert Referral.objects.get(member=world.wife_sby).status == Status.PROPOSED


def test_the_database_refuses_more_seats_than_capacity(world):
    course = make_opportunity(world.trainer, capacity=1, seats_taken=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=course.pk).update(seats_taken=2)


def test_a_closed_opportunity_takes_no_referral(world):
    course = make_opportunity(world.trainer, status=Opportunity.Status.CLOSED)
    with pytest.raises(services.ReferralError):
        services.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)


def test_one_open_referral_per_member_and_opportunity(world, course, proposed):
    with pytest.raises(services.ReferralError):
        services.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)


def test_unanswered_referrals_expire_and_the_office_is_told(world, course):
    referral = sent_referral(world, course)
    answered = sent_referral(world, course, member=world.wife_sby)
    services.referral_accept(actor=world.partner_trainer, referral=answered)
    later = timezone.localdate() + timedelta(days=world.trainer.response_days + 1)
    assert services.expire_overdue(today=later) == 1
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED and referral.reason_code == "no_answer"
    assert OfficeNotice.objects.get(referral=referral).kind == "expired"
    course.refresh_from_db()
    assert course.seats_taken == 1
    assert services.expire_overdue(today=timezone.localdate()) == 0


def test_the_matcher_proposes_without_a_user_but_never_sends(world, course):
    referral = services.referral_propose(
        actor=None,
        member=world.head_sby,
        opportunity=course,
        source="matcher",
        match_score=0.8,
        match_explanation={"distance": 1},
    )
    assert referral.status == Status.PROPOSED and referral.source == "matcher"
    give_consent(world.head_sby, world.trainer)
    with pytest.raises(PermissionDenied):
        services.referral_send(actor=None, referral=referral)


def test_a_referral_within_its_answer_time_cannot_expire(world, course):
    referral = sent_referral(world, course)
    with pytest.raises(services.ReferralError):
        services.referral_expire(referral=referral)
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_withdrawal_during_a_referral_tells_the_office_and_the_entity_sees_it(world, course, client_for):
    referral = sent_referral(world, course)
    consent_withdraw(actor=world.beneficiary_sby, member=world.head_sby, entity=world.trainer)
    assert OfficeNotice.objects.filter(referral=referral, kind="consent_withdrawn", office=world.sby).exists()
    page = client_for(world.partner_trainer).get(f"/referrals/{referral.public_id}/").content.decode()
    assert "سحب الفرد موافقته" in page
