"""Dated configuration: the selector that loads the rule in force on a day, and the one audited way to set one.

A rule's values are a plain dict; the app that owns the rule turns it into its own typed value and passes that
to its pure functions, so the pure functions never read the database.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.core.models import DatedRule


class DatedRuleError(ValueError):
    pass


def rule_values_on(name: str, day: date, default: dict) -> dict:
    """The values of rule ``name`` in force on ``day``; ``default`` before the first dated row."""
    row = DatedRule.objects.filter(name=name, valid_from__lte=day).order_by("-valid_from").first()
    return {**default, **row.values} if row is not None else dict(default)


def may_set_rules(actor) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and (getattr(actor, "is_administrator", False) or getattr(actor, "is_manager", False))
    )


@transaction.atomic
def dated_rule_set(
    *, actor, name: str, values: dict, valid_from: date, reason: str, today: date | None = None
) -> DatedRule:
    """A new version of a rule from ``valid_from`` (today or later: no answer already given may change)."""
    if actor is not None and not may_set_rules(actor):
        raise PermissionDenied(_("Only an administrator or a manager sets the programme's rules."))
    today = today or timezone.localdate()
    if valid_from < today:
        raise DatedRuleError(_("A rule takes effect today or later, never in the past."))
    reason = reason.strip()
    if not reason:
        raise DatedRuleError(_("Say why the rule changes (a decision, a circular)."))
    if DatedRule.objects.filter(name=name, valid_from=valid_from).exists():
        raise DatedRuleError(_("This rule already has a version from that day."))
    rule = DatedRule.objects.create(
        name=name,
        valid_from=valid_from,
        values=values,
        reason=reason,
        set_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="dated_rule.set",
        obj=rule,
        changes={"values": [None, values], "valid_from": [None, valid_from.isoformat()]},
        reason=reason,
    )
    return rule
