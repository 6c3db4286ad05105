"""Abdulrahman, the regional manager, keeps the entities in order: agreements, answer time, suspension."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tamkeen.core.models import AuditEvent
from tamkeen.geography.models import Governorate
from tamkeen.partners.services import agreement_add, entity_suspend, entity_update


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
