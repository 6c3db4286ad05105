"""Every change to a case: named actions that check who may do it from which state, then write and audit.

By topic: ``plans`` (plans, their actions and the supervisor's decision), ``notes`` (notes and caseloads),
``exits`` (the transition period, graduation, sanction, re-entry), ``checks`` (what every action checks first).
Callers import from ``tamkeen.cases.services``.
"""

from .checks import CaseError
from .exits import household_enter_transition, household_exit_sanction, household_graduate, household_reenter
from .notes import NOTE_BREAK_GLASS, caseload_reassign, note_add, note_break_glass
from .plans import (
    actions_mark_overdue,
    plan_action_add,
    plan_action_link_referral,
    plan_action_mark_done,
    plan_approve,
    plan_create,
    plan_return,
    plan_revise,
    plan_submit,
    plan_update,
)

__all__ = [
    "NOTE_BREAK_GLASS",
    "CaseError",
    "actions_mark_overdue",
    "caseload_reassign",
    "household_enter_transition",
    "household_exit_sanction",
    "household_graduate",
    "household_reenter",
    "note_add",
    "note_break_glass",
    "plan_action_add",
    "plan_action_link_referral",
    "plan_action_mark_done",
    "plan_approve",
    "plan_create",
    "plan_return",
    "plan_revise",
    "plan_submit",
    "plan_update",
]
