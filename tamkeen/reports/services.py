from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.reports.models import Target


@transaction.atomic
def target_set(
    *, actor, office, year: int, calendar: str, empowered_families: int, empowered_members: int
) -> Target:
    """The regional manager sets an office's target for a year."""
    if not (actor.is_manager and office.region_id == actor.region_id):
        raise PermissionDenied(_("Only the regional manager sets the offices' targets."))
    if empowered_families < 0 or empowered_members < 0:
        raise ValidationError(_("A target cannot be negative."))
    target, created = Target.objects.get_or_create(
        office=office,
        year=year,
        calendar=calendar,
        defaults={
            "empowered_families": empowered_families,
            "empowered_members": empowered_members,
            "updated_by": actor,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="target.created",
            obj=target,
            changes={
                "empowered_families": [None, empowered_families],
                "empowered_members": [None, empowered_members],
            },
        )
        return target
    values = {"empowered_families": empowered_families, "empowered_members": empowered_members}
    changes = changed_fields(target, values)
    if changes:
        for name, value in values.items():
            setattr(target, name, value)
        target.updated_by = actor
        target.save(update_fields=[*values, "updated_by", "updated_at"])
        audit_record(actor=actor, action="target.updated", obj=target, changes=changes)
    return target
