"""The referral lifecycle as data (domain.md §5): who moves a referral from which states to which."""

from tamkeen.referrals.models import Status

OFFICE, PARTNER, SYSTEM = "office", "partner", "system"

# action: (allowed from, to, who)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "send": ((Status.PROPOSED,), Status.SENT, OFFICE),
    "accept": ((Status.SENT,), Status.ACCEPTED, PARTNER),
    "decline": ((Status.SENT, Status.ACCEPTED), Status.DECLINED, PARTNER),
    "enrol": ((Status.ACCEPTED,), Status.ENROLLED, PARTNER),
    "start": ((Status.ACCEPTED, Status.ENROLLED), Status.STARTED, PARTNER),
    "complete": ((Status.ENROLLED, Status.STARTED), Status.COMPLETED, PARTNER),
    "drop_out": ((Status.ACCEPTED, Status.ENROLLED, Status.STARTED), Status.DROPPED_OUT, PARTNER),
    "withdraw": (
        (Status.PROPOSED, Status.SENT, Status.ACCEPTED, Status.ENROLLED, Status.STARTED),
        Status.WITHDRAWN,
        OFFICE,
    ),
    "expire": ((Status.SENT,), Status.EXPIRED, SYSTEM),
}

# Leaving these states gives the seat back (the seat was never used).
FREES_SEAT = {"decline", "withdraw", "expire"}
NEEDS_REASON = {"decline", "drop_out"}
PARTNER_ACTIONS = [name for name, (_f, _t, who) in TRANSITIONS.items() if who == PARTNER]

# Statuses an outcome file may carry, and the action each means.
FILE_STATUS_ACTIONS = {
    "accepted": "accept",
    "declined": "decline",
    "enrolled": "enrol",
    "started": "start",
    "hired": "start",
    "financed": "start",
    "completed": "complete",
    "dropped_out": "drop_out",
}


def allowed_actions(status: str, who: str) -> list[str]:
    return [name for name, (sources, _to, actor) in TRANSITIONS.items() if actor == who and status in sources]


def can(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]
