"""The appointment rules as plain functions: which step may follow which, when a reminder is due."""

from datetime import date, datetime, timedelta

INVITED = "invited"
CONFIRMED = "confirmed"
OTHER_SLOT_ASKED = "other_slot_asked"
ATTENDED = "attended"
NO_SHOW = "no_show"
CANCELLED = "cancelled"

# Appointments still to happen: the member may answer, the office may move or cancel them.
UPCOMING = (INVITED, CONFIRMED, OTHER_SLOT_ASKED)

# action -> (the states it may start from, the state it leads to)
TRANSITIONS = {
    "confirm": ((INVITED, OTHER_SLOT_ASKED), CONFIRMED),
    "ask_other_slot": ((INVITED, CONFIRMED), OTHER_SLOT_ASKED),
    "reschedule": (UPCOMING, INVITED),
    "cancel": (UPCOMING, CANCELLED),
    "attended": ((INVITED, CONFIRMED, OTHER_SLOT_ASKED, NO_SHOW), ATTENDED),
    "no_show": ((INVITED, CONFIRMED, OTHER_SLOT_ASKED, ATTENDED), NO_SHOW),
}


def next_state(action: str, current: str) -> str | None:
    """The state an action leads to, or None when it may not start from the current one."""
    sources, target = TRANSITIONS[action]
    return target if current in sources else None


def can_record_attendance(starts_at: datetime, now: datetime) -> bool:
    """Nobody can be marked absent (or present) before the time they were asked to come."""
    return now >= starts_at


def reminder_due(start_day: date, today: date, *, already_sent: bool) -> bool:
    """A reminder goes out once, on the day before (the local calendar day, not 24 hours)."""
    return not already_sent and start_day == today + timedelta(days=1)


def no_show_rate(attended: int, no_show: int) -> int | None:
    """No-shows as a whole percentage of the appointments whose attendance was recorded."""
    held = attended + no_show
    return None if not held else round(100 * no_show / held)
