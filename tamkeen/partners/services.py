"""Entity writes for managers and administrators: agreements, answer time, governorates, suspension."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.partners.models import Agreement, Entity


def can_manage_entities(actor) -> bool:
    return actor is not None and (actor.is_manager or actor.is_administrator)


def _check(actor) -> None:
    if not can_manage_entities(actor):
        raise PermissionDenied


@transaction.atomic
def agreement_add(
    *, actor, entity: Entity, starts_on, ends_on, reference: str = "", note: str = ""
) -> Agreement:
    _check(actor)
    if ends_on < starts_on:
        raise ValidationError(_("An agreement cannot end before it starts."))
    agreement = Agreement.objects.create(
        entity=entity, starts_on=starts_on, ends_on=ends_on, reference=reference, note=note, created_by=actor
    )
    # The entity's own dates follow its latest agreement (the directory and the matcher read them).
    latest = entity.agreements.order_by("-starts_on", "-id").first()
    changes = changed_fields(entity, {"agreement_start": latest.starts_on, "agreement_end": latest.ends_on})
    if changes:
        entity.agreement_start, entity.agreement_end = latest.starts_on, latest.ends_on
        entity.save(update_fields=["agreement_start", "agreement_end", "updated_at"])
    audit_record(
        actor=actor,
        action="agreement.add",
        obj=agreement,
        changes={"entity": [None, entity.code], "starts_on": [None, starts_on], "ends_on": [None, ends_on]},
    )
    return agreement


@transaction.atomic
def entity_update(*, actor, entity: Entity, governorates=None, **values) -> Entity:
    """Answer time, contacts, names; ``governorates`` replaces the governorates served when given."""
    _check(actor)
    allowed = {
        "name_ar",
        "name_en",
        "kind",
        "sectors",
        "contact_name",
        "contact_phone",
        "contact_email",
        "response_days",
    }
    values = {k: v for k, v in values.items() if k in allowed}
    if "response_days" in values and not 1 <= int(values["response_days"]) <= 90:
        raise ValidationError(_("The answer time is between 1 and 90 days."))
    changes = changed_fields(entity, values)
    if changes:
        for field, value in values.items():
            setattr(entity, field, value)
        entity.save(update_fields=[*values, "updated_at"])
    if governorates is not None:
        before = sorted(entity.governorates.values_list("code", flat=True))
        entity.governorates.set(governorates)
        after = sorted(g.code for g in governorates)
        if before != after:
            changes["governorates"] = [before, after]
    if changes:
        audit_record(actor=actor, action="entity.update", obj=entity, changes=changes)
    return entity


@transaction.atomic
def entity_suspend(*, actor, entity: Entity, reason: str) -> dict:
    """Suspend an entity: its API clients stop at once, its open opportunities close, and the referrals it has
    not answered expire with the reason (their offices are told; its webhooks say so). Referrals already under
    way stay open for their outcome."""
    from tamkeen.opportunities.models import Opportunity
    from tamkeen.referrals.models import Referral, Status
    from tamkeen.referrals.services import referral_expire_for_suspension

    _check(actor)
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if not entity.is_active:
        return {"expired": 0, "closed_opportunities": 0}
    entity.is_active = False
    entity.save(update_fields=["is_active", "updated_at"])
    expired = 0
    for referral in Referral.objects.filter(opportunity__entity=entity, status=Status.SENT).order_by("id"):
        referral_expire_for_suspension(referral=referral, reason_text=reason)
        expired += 1
    closed = Opportunity.objects.filter(entity=entity, status=Opportunity.Status.OPEN).update(
        status=Opportunity.Status.CLOSED
    )
    audit_record(
        actor=actor,
        action="entity.suspend",
        obj=entity,
        changes={
            "is_active": [True, False],
            "expired_referrals": [0, expired],
            "closed_opportunities": [0, closed],
        },
        reason=reason,
    )
    return {"expired": expired, "closed_opportunities": closed}


@transaction.atomic
def entity_reinstate(*, actor, entity: Entity) -> Entity:
    _check(actor)
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if not entity.is_active:
        entity.is_active = True
        entity.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="entity.reinstate", obj=entity, changes={"is_active": [False, True]})
    return entity
