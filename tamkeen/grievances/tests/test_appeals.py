"""Muhammad's household is exited by Khalid (supervisor_sby) as a sanction; Muhammad appeals. Khalid may not
decide his own decision's appeal; the regional manager reverses it through the cases app's re-entry. Nora
declines a course Muhammad asked for; Khalid reverses that through the referrals app's proposal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from tamkeen.cases import services as cases
from tamkeen.grievances import access, selectors, services
from tamkeen.grievances.models import Appeal
from tamkeen.grievances.tests.fixtures import SMS_AND_PORTAL, told
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referrals
from tamkeen.referrals.models import Referral
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def sanction(world):
    return cases.household_exit_sanction(
        actor=world.supervisor_sby,
        household=world.household_sby,
        ground="refused_offers",
        legal_reference="المادة 12 من نظام الضمان الاجتماعي",
    )


def declined_proposal(world):
    course = make_opportunity(world.trainer, capacity=5)
    proposal = referrals.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)
    return referrals.referral_withdraw(
        actor=world.worker_sby, referral=proposal, reason_code="not_eligible", reason_text="لا يناسب"
    )


def test_muhammad_appeals_the_sanction_and_its_decider_cannot_decide_it(world, client_for):
    case_exit = sanction(world)
    assert selectors.appealable_decisions(world.beneficiary_sby) == [{"kind": "exit", "object": case_exit}]
    response = client_for(world.beneficiary_sby).post(
        reverse("grievances:appeal_file", args=["exit", case_exit.pk]),
        {"legal_ground": "المادة 14: لم يُعرض عليّ عمل مناسب", "statement": "العرض كان في مدينة أخرى"},
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert appeal.member == world.head_sby and appeal.original_decider == world.supervisor_sby
    assert told("appeal.received", member=world.head_sby) == SMS_AND_PORTAL

    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=world.supervisor_sby, appeal=appeal, reverse=True, reason="خطأ")
    # The database refuses it too, whatever path a write takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(
            status="reversed",
            decided_by=world.supervisor_sby,
            decided_at=appeal.created_at,
            decision_reason="x",
        )
    page = client_for(world.supervisor_sby).get(reverse("grievances:appeal_detail", args=[appeal.pk]))
    assert reverse("grievances:appeal_decide", args=[appeal.pk]) not in page.content.decode()

    services.appeal_decide(actor=world.manager, appeal=appeal, reverse=True, reason="العرض خارج المحافظة")
    appeal.refresh_from_db()
    case_exit.refresh_from_db()
    world.household_sby.refresh_from_db()
    assert appeal.status == "reversed" and appeal.decided_by == world.manager
    assert world.household_sby.status == "active"
    assert case_exit.reentered_by == world.manager and appeal.reference in case_exit.reentry_reason
    assert told("appeal.decided", member=world.head_sby) == SMS_AND_PORTAL


def test_another_supervisor_upholds_and_nothing_changes(world):
    case_exit = sanction(world)
    appeal = services.appeal_file(actor=world.beneficiary_sby, decision=case_exit, legal_ground="المادة 14")
    huda = make_user("supervisor_sby_2", "supervisor", office=world.sby)
    services.appeal_decide(actor=huda, appeal=appeal, reverse=False, reason="رفض عرضين مناسبين")
    world.household_sby.refresh_from_db()
    assert world.household_sby.status == "exited"
    assert Appeal.objects.get().status == "upheld"


def test_an_appeal_needs_its_legal_ground_and_only_the_household_may_file_it(world):
    case_exit = sanction(world)
    with pytest.raises(services.GrievanceError):
        services.appeal_file(actor=world.beneficiary_sby, decision=case_exit, legal_ground="  ")
    yahya = make_user("beneficiary_frs", "beneficiary")
    world.head_frs.user = yahya
    world.head_frs.save(update_fields=["user"])
    with pytest.raises(PermissionDenied):
        services.appeal_file(actor=yahya, decision=case_exit, legal_ground="المادة 14")
    with pytest.raises(PermissionDenied):
        services.appeal_file(
            actor=world.worker_frs, decision=case_exit, legal_ground="المادة 14", channel="office"
        )
    assert not Appeal.objects.exists()


def test_farasan_sees_no_sabya_appeal_and_cannot_decide_it(world, client_for):
    appeal = services.appeal_file(
        actor=world.beneficiary_sby, decision=sanction(world), legal_ground="المادة 14"
    )
    with pytest.raises(Http404):
        access.access_appeal(world.supervisor_frs, appeal.pk)
    response = client_for(world.supervisor_frs).post(
        reverse("grievances:appeal_decide", args=[appeal.pk]), {"outcome": "reverse", "reason": "x"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=world.supervisor_frs, appeal=appeal, reverse=True, reason="x")


def test_a_declined_proposal_is_reversed_by_the_supervisor_through_a_new_proposal(world):
    declined = declined_proposal(world)
    assert services.declined_proposal_decider(declined) == world.worker_sby
    appeal = services.appeal_file(
        actor=world.worker_sby, decision=declined, legal_ground="شروط الدورة منطبقة", channel="office"
    )
    assert appeal.member == world.head_sby and appeal.original_decider == world.worker_sby
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=world.worker_sby, appeal=appeal, reverse=True, reason="x")
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=world.manager, appeal=appeal, reverse=True, reason="x")
    services.appeal_decide(actor=world.supervisor_sby, appeal=appeal, reverse=True, reason="المؤهل مطابق")
    fresh = Referral.objects.filter(
        member=world.head_sby, opportunity=declined.opportunity, status="proposed"
    )
    assert fresh.count() == 1 and appeal.reference in fresh.get().note


def test_a_referral_the_entity_declined_is_not_an_office_decision_to_appeal_here(world):
    from tamkeen.consent.tests.factories import give_consent

    course = make_opportunity(world.trainer, capacity=5)
    give_consent(world.head_sby, world.trainer)
    referral = referrals.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)
    referral = referrals.referral_send(actor=world.worker_sby, referral=referral)
    referral = referrals.referral_decline(
        actor=world.partner_trainer, referral=referral, reason_code="no_capacity"
    )
    with pytest.raises(services.GrievanceError):
        services.appeal_file(actor=world.beneficiary_sby, decision=referral, legal_ground="x")


def test_a_rejected_correction_is_reversed_through_the_registry_by_another_supervisor(world, client_for):
    from tamkeen.privacy import services as privacy

    request = privacy.correction_request_create(
        actor=world.worker_sby, member=world.head_sby, field="education", proposed_value="diploma"
    )
    privacy.correction_request_reject(actor=world.supervisor_sby, request=request, reason="لا توجد شهادة")
    assert {"kind": "correction", "object": request} in selectors.appealable_decisions(world.beneficiary_sby)
    response = client_for(world.beneficiary_sby).post(
        reverse("grievances:appeal_file", args=["correction", request.pk]),
        {"legal_ground": "حق التصحيح في نظام حماية البيانات الشخصية", "statement": "أرفقت الشهادة"},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(kind="rejected_correction")
    assert appeal.original_decider == world.supervisor_sby
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=world.supervisor_sby, appeal=appeal, reverse=True, reason="x")
    # Fatima shares the household but not Muhammad's requests.
    assert (
        client_for(world.beneficiary_wife)
        .get(reverse("grievances:appeal_file", args=["correction", request.pk]))
        .status_code
        == 404
    )
    huda = make_user("supervisor_sby_2", "supervisor", office=world.sby)
    services.appeal_decide(actor=huda, appeal=appeal, reverse=True, reason="الشهادة مرفقة")
    world.head_sby.refresh_from_db()
    assert world.head_sby.education == "diploma"
