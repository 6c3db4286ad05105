"""Sign-in rules as plain functions of plain values (timestamps in seconds since the epoch)."""

import re

# Session entries written at sign-in and kept fresh by tamkeen.accounts.middleware.
LAST_ACTIVITY = "tamkeen_last_activity"
AUTHENTICATED_AT = "tamkeen_authenticated_at"
HAS_SECOND_FACTOR = "tamkeen_has_second_factor"
NEW_RECOVERY_CODES = "tamkeen_new_recovery_codes"

# How often a busy session writes its "last seen" (the session row and the sessions list): once a minute at most.
TOUCH_INTERVAL_SECONDS = 60
RECOVERY_CODE_COUNT = 10


def is_idle(last_activity: float | None, now: float, timeout_seconds: float) -> bool:
    """A session with no recorded activity is not idle: it predates the rule or has just begun."""
    return last_activity is not None and now - last_activity > timeout_seconds


def needs_touch(last_activity: float | None, now: float) -> bool:
    return last_activity is None or now - last_activity >= TOUCH_INTERVAL_SECONDS


def is_recent(authenticated_at: float | None, now: float, minutes: float) -> bool:
    return authenticated_at is not None and now - authenticated_at <= minutes * 60


def normalise_token(raw: str) -> str:
    """What people type: spaces and dashes between groups, any case (recovery codes are lower-case base32)."""
    return re.sub(r"[\s\-]", "", raw or "").lower()


def group_secret(secret: str, size: int = 4) -> str:
    """A base32 secret in groups of four, as authenticator apps show and people type it."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def group_code(code: str) -> str:
    return group_secret(code, size=4).replace(" ", "-")
