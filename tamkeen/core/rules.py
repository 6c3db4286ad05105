"""Dated configuration: the selector that loads the rule in force on a day, and the one audited way to set one.

A rule's values are a plain dict; the app that owns the rule turns it into its own typed value and passes that
to its pure functions, so the pure functions never read the database.

The apps describe their rules (label, fields, bounds, a check across fields) as ``PolicyRule`` in their
``policy.py`` (``POLICY_RULES``); the rules page lists them and the service checks a new version against them, so
core knows each rule's shape without knowing what it means.

Who sets rules: the administrator, who owns configuration (docs/security.md, "Roles"). The rules are national
(one value for every region), so a regional manager may not change another region's answers; managers read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.core.hooks import app_modules
from tamkeen.core.models import DatedRule


class DatedRuleError(ValueError):
    pass


@dataclass(frozen=True)
class RuleField:
    """One value of a rule: a whole number (``decimals=0``) or a decimal, between ``minimum`` and ``maximum``."""

    key: str
    label: str
    minimum: Decimal | int
    maximum: Decimal | int
    decimals: int = 0


@dataclass(frozen=True)
class PolicyRule:
    name: str
    label: str
    about: str
    fields: tuple[RuleField, ...]
    default: dict
    # Problems across fields (e.g. a band's lower end above its upper end), in words; empty when none.
    check: Callable[[dict], list[str]] | None = None


def policy_rules() -> list[PolicyRule]:
    """Every app's dated rules, in the apps' order."""
    found: list[PolicyRule] = []
    for module in app_modules("policy"):
        found.extend(module.POLICY_RULES)
    return found


def policy_rule(name: str) -> PolicyRule | None:
    return next((rule for rule in policy_rules() if rule.name == name), None)


def rule_problems(rule: PolicyRule, values: dict) -> list[str]:
    """What is wrong with a complete set of ``values`` for ``rule``, in words (empty when they are fine)."""
    problems = []
    unknown = sorted(set(values) - {f.key for f in rule.fields})
    if unknown:
        problems.append(_("Unknown values: %(keys)s.") % {"keys": ", ".join(unknown)})
    for field in rule.fields:
        try:
            value = Decimal(str(values[field.key]))
        except (KeyError, InvalidOperation):
            problems.append(_("%(label)s: a number is needed.") % {"label": field.label})
            continue
        if not field.minimum <= value <= field.maximum:
            problems.append(
                _("%(label)s: between %(min)s and %(max)s.")
                % {"label": field.label, "min": field.minimum, "max": field.maximum}
            )
        elif field.decimals == 0 and value != value.to_integral_value():
            problems.append(_("%(label)s: a whole number.") % {"label": field.label})
    if not problems and rule.check is not None:
        problems.extend(rule.check(values))
    return problems


def rule_values_on(name: str, day: date, default: dict) -> dict:
    """The values of rule ``name`` in force on ``day``; ``default`` before the first dated row."""
    row = DatedRule.objects.filter(name=name, valid_from__lte=day).order_by("-valid_from").first()
    return {**default, **row.values} if row is not None else dict(default)


def may_read_rules(actor) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and (getattr(actor, "is_administrator", False) or getattr(actor, "is_manager", False))
    )


def may_set_rules(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_administrator", False))


@transaction.atomic
def dated_rule_set(
    *, actor, name: str, values: dict, valid_from: date, reason: str, today: date | None = None
) -> DatedRule:
    """A new version of a rule from ``valid_from``, after today: an answer already given, today's included,
    never changes. ``values`` may name only the values that change; the rest keep the default's."""
    if actor is not None and not may_set_rules(actor):
        raise PermissionDenied(_("Only the administrator sets the programme's rules."))
    today = today or timezone.localdate()
    if valid_from <= today:
        raise DatedRuleError(
            _("A new version takes effect from tomorrow at the earliest, never in the past.")
        )
    reason = reason.strip()
    if not reason:
        raise DatedRuleError(_("Say why the rule changes (a decision, a circular)."))
    spec = policy_rule(name)
    if spec is not None:
        problems = rule_problems(spec, {**spec.default, **values})
        if problems:
            raise DatedRuleError(" ".join(problems))
    # Two administrators adding a version of one rule at once: the row lock makes the second wait and see the
    # first (the unique constraint would refuse it anyway, less clearly).
    list(DatedRule.objects.select_for_update().filter(name=name))
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


@dataclass
class RuleVersion:
    row: DatedRule
    values: list[tuple[str, object]]  # (label, value) in the rule's field order
    state: str  # "past", "in_force" or "future"


@dataclass
class RuleOverview:
    rule: PolicyRule
    in_force: list[tuple[str, object]]
    versions: list[RuleVersion]


def _labelled(rule: PolicyRule, values: dict) -> list[tuple[str, object]]:
    return [(spec.label, values.get(spec.key)) for spec in rule.fields]


def rules_overview(today: date) -> list[RuleOverview]:
    """Every rule with the values in force today and its whole history, newest first. Only a version dated after
    today may still be superseded by the page; every other one is read-only history."""
    rows: dict[str, list[DatedRule]] = {}
    for row in DatedRule.objects.select_related("set_by").order_by("name", "-valid_from"):
        rows.setdefault(row.name, []).append(row)
    overview = []
    for rule in policy_rules():
        versions, in_force_seen = [], False
        for row in rows.get(rule.name, []):
            if row.valid_from > today:
                state = "future"
            elif not in_force_seen:
                state, in_force_seen = "in_force", True
            else:
                state = "past"
            versions.append(RuleVersion(row, _labelled(rule, {**rule.default, **row.values}), state))
        in_force = _labelled(rule, rule_values_on(rule.name, today, rule.default))
        overview.append(RuleOverview(rule, in_force, versions))
    return overview
