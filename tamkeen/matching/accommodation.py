"""Recording a member's accommodation needs: sensitive data, written only with consent, every write audited.

The needs live in the registry (registry.AccommodationNeed); these services sit here because the consent app
sits above the registry, and the matcher is what uses the needs (docs/decisions/0014-accommodation-needs.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tamkeen.consent.models import Category, Consent, Purpose
from tamkeen.core.audit import audit_record
from tamkeen.registry.access import can_edit_member
from tamkeen.registry.models import AccommodationNeed


def can_record_accommodation(actor, member) -> bool:
    """Office staff who may edit the member (the registry's scope)."""
    return actor is not None and getattr(actor, "is_office_staff", False) and can_edit_member(actor, member)


def has_accommodation_consent(member) -> bool:
    """An active (latest, not withdrawn) consent for the accommodation purpose that covers disability data."""
    current = Consent.objects.filter(
        member=member,
        purpose=Purpose.ACCOMMODATION,
        withdrawn_at__isnull=True,
        superseded_by__isnull=True,
    ).values_list("categories", flat=True)
    return any(Category.DISABILITY in (categories or []) for categories in current)


@transaction.atomic
def accommodation_need_record(*, actor, member, kind: str, what_helps: str = "") -> AccommodationNeed:
    """Record (or restate) one kind of need; one row per kind, the latest words of what helps kept."""
    if not can_record_accommodation(actor, member):
        raise PermissionDenied
    if kind not in AccommodationNeed.Kind.values:
        raise ValidationError(_("Unknown kind of need."))
    if not has_accommodation_consent(member):
        raise ValidationError(
            _("Record the member's consent to accommodation needs (disability data) first."),
            code="no_consent",
        )
    what_helps = (what_helps or "").strip()[:300]
    need = AccommodationNeed.objects.select_for_update().filter(member=member, kind=kind).first()
    if need is None:
        need = AccommodationNeed.objects.create(
            member=member, kind=kind, what_helps=what_helps, recorded_by=actor
        )
        action = "registry.accommodation_need.record"
    elif need.what_helps != what_helps:
        need.what_helps = what_helps
        need.recorded_by = actor
        need.save(update_fields=["what_helps", "recorded_by", "updated_at"])
        action = "registry.accommodation_need.update"
    else:
        return need
    # The kind is enough for the trail; the member's own words stay in the record, not copied into the log.
    audit_record(actor=actor, action=action, obj=need, member_id=member.pk, changes={"kind": [None, kind]})
    return need


@transaction.atomic
def accommodation_need_remove(*, actor, need: AccommodationNeed) -> None:
    """A need no longer there (or recorded by mistake) is removed; no consent is needed to stop processing."""
    if not can_record_accommodation(actor, need.member):
        raise PermissionDenied
    kind, member_id, pk = need.kind, need.member_id, need.pk
    AccommodationNeed.objects.filter(pk=pk).delete()
    audit_record(
        actor=actor,
        action="registry.accommodation_need.remove",
        object_type="registry.accommodationneed",
        object_id=pk,
        member_id=member_id,
        changes={"kind": [kind, None]},
    )
