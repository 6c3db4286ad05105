"""Abdulrahman, the regional manager, keeps the entities in order: agreements, answer time, suspension."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tamkeen.api.tests.stories import referral_stories
from tamkeen.core.models import AuditEvent
from tamkeen.geography.models import Governorate
from tamkeen.opportunities.models import Opportunity
from tamkeen.partners.services import agreement_add, entity_reinstate, entity_suspend, entity_update
from tamkeen.referrals.models import OfficeNotice, Referral


def test_an_agreement_with_its_dates_becomes_the_entity_s_current_one(world):
    agreement_add(
        actor=world.manager, entity=world.trainer, starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31)
    )
    agreement_add(
        actor=world.manager,
        entity=world.trainer,
        starts_on=date(2026, 1, 1),
        ends_on=date(2028, 12, 31),
        reference="MoU-7",
    )
    world.trainer.refresh_from_db()
    assert (world.trainer.agreement_start, world.trainer.agreement_end) == (
        date(2026, 1, 1),
        date(2028, 12, 31),
    )
    assert world.trainer.agreements.count() == 2
    assert AuditEvent.objects.filter(action="agreement.add", actor=world.manager).count() == 2
    with pytest.raises(ValidationError):
        agreement_add(
            actor=world.manager, entity=world.trainer, starts_on=date(2026, 1, 2), ends_on=date(2026, 1, 1)
        )


def test_answer_time_and_governorates_are_edited_and_audited(world):
    farasan = Governorate.objects.filter(code="FAR")
    entity_update(actor=world.admin, entity=world.trainer, response_days=10, governorates=list(farasan))
    world.trainer.refresh_from_db()
    assert world.trainer.response_days == 10
    assert list(world.trainer.governorates.values_list("code", flat=True)) == ["FAR"]
    event = AuditEvent.objects.get(action="entity.update")
    assert event.changes["response_days"] == [14, 10] and event.changes["governorates"][1] == ["FAR"]
    with pytest.raises(ValidationError):
        entity_update(actor=world.admin, entity=world.trainer, response_days=0)


@pytest.mark.parametrize("persona", ["partner_trainer", "worker_sby", "auditor"])
def test_only_managers_and_administrators_manage_entities(world, persona):
    with pytest.raises(PermissionDenied):
        entity_suspend(actor=world.users[persona], entity=world.trainer, reason="x")
    with pytest.raises(PermissionDenied):
        agreement_add(
            actor=world.users[persona],
            entity=world.trainer,
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 2, 1),
        )


def test_suspension_expires_unanswered_referrals_with_the_reason_and_closes_opportunities(world, api_for):
    stories = referral_stories(world)
    from tamkeen.referrals import services

    services.referral_accept(actor=world.partner_trainer, referral=stories["second"])
    hind = api_for(world.trainer)
    assert hind.get("/api/v1/referrals").status_code == 200
    result = entity_suspend(actor=world.manager, entity=world.trainer, reason="agreement breached")
    assert result == {"expired": 1, "closed_opportunities": 1}
    expired = Referral.objects.get(pk=stories["to_trainer"].pk)
    assert expired.status == "expired" and expired.reason_code == "opportunity_closed"
    assert expired.reason_text == "agreement breached" and not expired.holds_seat
    assert OfficeNotice.objects.filter(referral=expired, kind="expired").exists()
    assert (
        Referral.objects.get(pk=stories["second"].pk).status == "accepted"
    )  # under way: kept for its outcome
    assert Referral.objects.get(pk=stories["proposed"].pk).status == "proposed"  # the office decides
    assert Opportunity.objects.get(pk=stories["course"].pk).status == "closed"
    assert Referral.objects.get(pk=stories["to_employer"].pk).status == "sent"  # another entity
    assert hind.get("/api/v1/referrals").status_code == 401  # its API clients stop at once
    assert AuditEvent.objects.get(action="entity.suspend").reason == "agreement breached"
    entity_reinstate(actor=world.manager, entity=world.trainer)
    world.trainer.refresh_from_db()
    assert world.trainer.is_active
