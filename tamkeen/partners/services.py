"""Entity writes for managers and administrators: creation, agreements, answer time, governorates, suspension.

A regional manager manages the entities of their own region; an administrator manages every entity."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.partners.models import Agreement, Entity


def can_manage_entities(actor) -> bool:
    # A manager manages their own region's entities; the national manager, who has none, only reads them.
    return actor is not None and (
        actor.is_administrator or (actor.is_manager and actor.region_id is not None)
    )


def can_manage_entity(actor, entity: Entity) -> bool:
    if not can_manage_entities(actor):
        return False
    return actor.is_administrator or actor.region_id == entity.region_id


def _check(actor, entity: Entity) -> None:
    if not can_manage_entity(actor, entity):
        raise PermissionDenied


ENTITY_FIELDS = (
    "name_ar",
    "name_en",
    "kind",
    "sectors",
    "contact_name",
    "contact_phone",
    "contact_email",
    "response_days",
)


def _check_response_days(values: dict) -> None:
    if "response_days" in values and not 1 <= int(values["response_days"]) <= 90:
        raise ValidationError(_("The answer time is between 1 and 90 days."))


@transaction.atomic
def entity_create(*, actor, code: str, region, governorates=(), **values) -> Entity:
    """A new entity, active, with no agreement yet (the manager adds one next)."""
    entity = Entity(code=code.strip().upper(), region=region)
    _check(actor, entity)
    values = {k: v for k, v in values.items() if k in ENTITY_FIELDS}
    _check_response_days(values)
    if Entity.objects.filter(code=entity.code).exists():
        raise ValidationError(_("An entity with this code already exists."))
    if any(g.region_id != region.pk for g in governorates):
        raise ValidationError(_("An entity serves governorates of its own region only."))
    for field, value in values.items():
        setattr(entity, field, value)
    entity.save()
    entity.governorates.set(governorates)
    audit_record(
        actor=actor,
        action="entity.create",
        obj=entity,
        changes={
            "code": [None, entity.code],
            **{field: [None, value] for field, value in values.items()},
            "governorates": [None, sorted(g.code for g in governorates)],
        },
    )
    return entity


@transaction.atomic
def agreement_add(
    *, actor, entity: Entity, starts_on, ends_on, reference: str = "", note: str = ""
) -> Agreement:
    _check(actor, entity)
    if ends_on < starts_on:
        raise ValidationError(_("An agreement cannot end before it starts."))
    agreement = Agreement.objects.create(
        entity=entity, starts_on=starts_on, ends_on=ends_on, reference=reference, note=note, created_by=actor
    )
    _follow_latest_agreement(entity)
    audit_record(
        actor=actor,
        action="agreement.add",
        obj=agreement,
        changes={"entity": [None, entity.code], "starts_on": [None, starts_on], "ends_on": [None, ends_on]},
    )
    return agreement


def _follow_latest_agreement(entity: Entity) -> None:
    """The entity's own dates follow its latest agreement (the directory and the matcher read them)."""
    latest = entity.agreements.order_by("-starts_on", "-id").first()
    dates = {"agreement_start": latest.starts_on, "agreement_end": latest.ends_on} if latest else {}
    if dates and changed_fields(entity, dates):
        entity.agreement_start, entity.agreement_end = latest.starts_on, latest.ends_on
        entity.save(update_fields=["agreement_start", "agreement_end", "updated_at"])


@transaction.atomic
def agreement_end(*, actor, agreement: Agreement, ends_on=None, reason: str = "") -> Agreement:
    """End an agreement early (it stays in the record, valid until ``ends_on``, today by default)."""
    entity = agreement.entity
    _check(actor, entity)
    ends_on = ends_on or timezone.localdate()
    if ends_on >= agreement.ends_on:
        raise ValidationError(_("This agreement already ends on or before that date."))
    if ends_on < agreement.starts_on:
        raise ValidationError(_("An agreement cannot end before it starts."))
    before = agreement.ends_on
    agreement.ends_on = ends_on
    agreement.save(update_fields=["ends_on", "updated_at"])
    _follow_latest_agreement(entity)
    audit_record(
        actor=actor,
        action="agreement.end",
        obj=agreement,
        changes={"entity": [entity.code, entity.code], "ends_on": [before, ends_on]},
        reason=reason,
    )
    return agreement


@transaction.atomic
def entity_update(*, actor, entity: Entity, governorates=None, **values) -> Entity:
    """Answer time, contacts, names; ``governorates`` replaces the governorates served when given."""
    _check(actor, entity)
    values = {k: v for k, v in values.items() if k in ENTITY_FIELDS}
    _check_response_days(values)
    if governorates is not None and any(g.region_id != entity.region_id for g in governorates):
        raise ValidationError(_("An entity serves governorates of its own region only."))
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
    """Suspend an entity, in one transaction: its API clients stop at once (they check the entity), its open
    opportunities close, its webhooks stop, and its open referrals are settled by the referrals app (sent ones
    withdrawn back to their offices, those under way flagged); each affected case worker is told."""
    from tamkeen.opportunities.models import Opportunity
    from tamkeen.referrals.services import referrals_settle_for_entity_suspension
    from tamkeen.webhooks.services import entity_webhooks_stop

    _check(actor, entity)
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if not entity.is_active:
        return {"withdrawn": 0, "flagged": 0, "closed_opportunities": 0, "stopped_deliveries": 0}
    entity.is_active = False
    entity.save(update_fields=["is_active", "updated_at"])
    stopped = entity_webhooks_stop(entity=entity)
    settled = referrals_settle_for_entity_suspension(
        actor=actor, entity=entity, reason_text=_("Entity suspended: %(reason)s") % {"reason": reason}
    )
    closed = Opportunity.objects.filter(entity=entity, status=Opportunity.Status.OPEN).update(
        status=Opportunity.Status.CLOSED
    )
    told = _tell_case_workers(entity, reason, settled)
    result = {
        "withdrawn": len(settled["withdrawn"]),
        "flagged": len(settled["flagged"]),
        "closed_opportunities": closed,
        "stopped_deliveries": stopped,
    }
    audit_record(
        actor=actor,
        action="entity.suspend",
        obj=entity,
        changes={
            "is_active": [True, False],
            **{key: [0, value] for key, value in result.items()},
            "case_workers_told": [0, told],
        },
        reason=reason,
    )
    return result


def _case_worker_of(referral):
    """The member's case worker; failing that, the office staff member who made the referral."""
    worker = referral.member.case_worker
    if worker is None and referral.created_by is not None and referral.created_by.is_office_staff:
        worker = referral.created_by
    return worker if worker is not None and worker.is_active else None


def _tell_case_workers(entity: Entity, reason: str, settled: dict) -> int:
    """One message per case worker, listing their referrals the suspension withdrew and those it flagged."""
    from tamkeen.notifications.services import notify
    from tamkeen.partners.messages import ENTITY_SUSPENDED

    by_worker: dict = {}
    for kind, referrals in settled.items():
        for referral in referrals:
            worker = _case_worker_of(referral)
            if worker is not None:
                by_worker.setdefault(worker, {"withdrawn": [], "flagged": []})[kind].append(
                    referral.public_id
                )
    for worker, references in by_worker.items():
        notify(
            event=ENTITY_SUSPENDED,
            user=worker,
            context={
                "entity": entity.name,
                "reason": reason,
                "withdrawn": ", ".join(references["withdrawn"]) or "–",
                "flagged": ", ".join(references["flagged"]) or "–",
            },
        )
    return len(by_worker)


@transaction.atomic
def entity_reinstate(*, actor, entity: Entity) -> Entity:
    _check(actor, entity)
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if not entity.is_active:
        entity.is_active = True
        entity.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="entity.reinstate", obj=entity, changes={"is_active": [False, True]})
    return entity


def open_referral_counts(entity: Entity) -> dict:
    """What a suspension would touch, shown on the suspension page before the manager confirms."""
    from django.db.models import Count

    from tamkeen.referrals.models import Referral, Status

    counts = dict(
        Referral.objects.filter(
            opportunity__entity=entity,
            status__in=[Status.SENT, Status.ACCEPTED, Status.ENROLLED, Status.STARTED],
        )
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return {
        "sent": counts.get(Status.SENT, 0),
        "under_way": sum(counts.get(s, 0) for s in (Status.ACCEPTED, Status.ENROLLED, Status.STARTED)),
    }


def suspension_summary(result: dict) -> str:
    return _(
        "The entity was suspended: %(withdrawn)s unanswered referrals went back to their offices, "
        "%(flagged)s referrals under way were flagged to their case workers, "
        "%(closed)s opportunities were closed."
    ) % {
        "withdrawn": result.get("withdrawn", 0),
        "flagged": result.get("flagged", 0),
        "closed": result.get("closed_opportunities", 0),
    }
