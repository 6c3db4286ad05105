"""Service-level times and escalation as plain functions of times: no database, no clock of their own.

The bands follow common grievance-redress practice (OpenSPP's GRM: at risk when a quarter or less of the time
is left, breached once it has passed); who a late grievance goes to follows the office's chain of command.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

AT_RISK_SHARE = 0.25

ON_TRACK = "on_track"
AT_RISK = "at_risk"
BREACHED = "breached"
ANSWERED_IN_TIME = "answered_in_time"
ANSWERED_LATE = "answered_late"

WORKER = "worker"
SUPERVISOR = "supervisor"
MANAGER = "manager"
LEVELS = (WORKER, SUPERVISOR, MANAGER)

# Used only when no rule at all is configured for a category or its parent.
DEFAULT_HOURS = 7 * 24
DEFAULT_MANAGER_HOURS = 48


@dataclass(frozen=True)
class ServiceLevelRule:
    effective_from: date
    hours: int
    manager_hours: int


def rule_in_effect(rules: list[ServiceLevelRule], day: date) -> ServiceLevelRule | None:
    """The rule with the latest date of effect on or before the day: a later rule never reaches back."""
    applicable = [rule for rule in rules if rule.effective_from <= day]
    return max(applicable, key=lambda rule: rule.effective_from) if applicable else None


def due_at(received_at: datetime, hours: int) -> datetime:
    return received_at + timedelta(hours=hours)


def sla_state(
    *, received_at: datetime, due: datetime, now: datetime, answered_at: datetime | None = None
) -> str:
    if answered_at is not None:
        return ANSWERED_IN_TIME if answered_at <= due else ANSWERED_LATE
    if now >= due:
        return BREACHED
    if (due - now) <= (due - received_at) * AT_RISK_SHARE:
        return AT_RISK
    return ON_TRACK


def escalation_level(*, due: datetime, manager_hours: int, now: datetime) -> str:
    """Who should hold an unanswered grievance now: its worker until the time passes, then the office's
    supervisor, then (after the supervisor's own hours) the regional manager."""
    if now < due:
        return WORKER
    if now < due + timedelta(hours=manager_hours):
        return SUPERVISOR
    return MANAGER


def escalation_target(*, current: str, due: datetime, manager_hours: int, now: datetime) -> str | None:
    """The level to escalate to, or None when the grievance is where it should be. Levels never go down."""
    wanted = escalation_level(due=due, manager_hours=manager_hours, now=now)
    return wanted if LEVELS.index(wanted) > LEVELS.index(current) else None


def share(part: int, whole: int) -> int | None:
    return None if not whole else round(100 * part / whole)
