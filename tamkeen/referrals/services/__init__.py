"""Referral writes: each lifecycle step is a named action that checks the actor and the current state.

Seats: a referral takes a seat of its opportunity when it is sent and gives it back when it is declined,
withdrawn or expired. The seat is taken by one conditional UPDATE (``seats_taken < capacity``), so two
case workers sending to the last seat at the same moment get one success and one NoSeatLeft, on SQLite
and on PostgreSQL alike; the CheckConstraint ``seats_taken <= capacity`` is the last line of defence.

By topic: ``moves`` (errors, who may act, the lock, the seat, the one move every step makes), ``steps`` (the
named steps), ``expiry``, ``suspension``, ``notices``, ``outcome_imports``. Callers import from
``tamkeen.referrals.services``.
"""

from .expiry import expire_overdue, referral_expire, referrals_warn_expiring
from .moves import (
    ConsentMissing,
    InvalidTransition,
    NoSeatLeft,
    ReasonRequired,
    ReferralError,
    status_label,
)
from .notices import notice_mark_read
from .outcome_imports import outcome_import_create, outcome_import_finish, outcome_import_progress
from .steps import (
    PARTNER_ACTION_SERVICES,
    referral_accept,
    referral_apply_action,
    referral_complete,
    referral_decline,
    referral_drop_out,
    referral_enrol,
    referral_propose,
    referral_send,
    referral_start,
    referral_withdraw,
)
from .suspension import SUSPENSION_FLAGS, SUSPENSION_WITHDRAWS, referrals_settle_for_entity_suspension

__all__ = [
    "PARTNER_ACTION_SERVICES",
    "SUSPENSION_FLAGS",
    "SUSPENSION_WITHDRAWS",
    "ConsentMissing",
    "InvalidTransition",
    "NoSeatLeft",
    "ReasonRequired",
    "ReferralError",
    "expire_overdue",
    "notice_mark_read",
    "outcome_import_create",
    "outcome_import_finish",
    "outcome_import_progress",
    "referral_accept",
    "referral_apply_action",
    "referral_complete",
    "referral_decline",
    "referral_drop_out",
    "referral_enrol",
    "referral_expire",
    "referral_propose",
    "referral_send",
    "referral_start",
    "referral_withdraw",
    "referrals_settle_for_entity_suspension",
    "referrals_warn_expiring",
    "status_label",
]
