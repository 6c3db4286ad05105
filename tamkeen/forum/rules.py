"""Pure forum rules: reading a typed or scanned badge code, the check-in day, and the 90-day conversion."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tamkeen.core.digits import normalise_digits
from tamkeen.forum.models import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH

CONVERSION_DAYS = 90
STEPS = ("referred", "enrolled", "hired", "financed")


@dataclass(frozen=True)
class BadgeCode:
    kind: str  # "short" or "token"
    value: str


def read_badge_code(raw: str) -> BadgeCode | None:
    """A short code as typed (any case, spaces, dashes, Arabic-Indic digits) or a QR code's token."""
    text = normalise_digits((raw or "").strip())
    if not text:
        return None
    compact = text.replace(" ", "").replace("-", "").upper()
    if len(compact) == SHORT_CODE_LENGTH:
        if all(ch in SHORT_CODE_ALPHABET for ch in compact):
            return BadgeCode("short", compact)
        return None
    if len(text) >= 20 and all(ch.isalnum() or ch in "-_" for ch in text):
        return BadgeCode("token", text)
    return None


def check_in_day(at: datetime, event_days: list[date]) -> date | None:
    """The forum day a (possibly replayed) scan belongs to, or None outside the forum's days."""
    day = at.date()
    return day if day in event_days else None


@dataclass(frozen=True)
class Fact:
    member_id: int
    step: str  # one of STEPS
    on: date
    entity: str = ""
    track: str = ""


def conversion_window(starts_on: date, ends_on: date, days: int = CONVERSION_DAYS) -> tuple[date, date]:
    return starts_on, ends_on + timedelta(days=days)


def conversion(attendees: Iterable[int], facts: Iterable[Fact], *, window: tuple[date, date]) -> dict:
    """Of the members who attended, how many reached each step within the window: overall, per entity, per
    track.

    A member counts once per step (and once per step within each entity or track)."""
    present = set(attendees)
    first, last = window
    overall: dict[str, set[int]] = {step: set() for step in STEPS}
    by_entity: dict[str, dict[str, set[int]]] = defaultdict(lambda: {step: set() for step in STEPS})
    by_track: dict[str, dict[str, set[int]]] = defaultdict(lambda: {step: set() for step in STEPS})
    for fact in facts:
        if fact.member_id not in present or not (first <= fact.on <= last) or fact.step not in overall:
            continue
        overall[fact.step].add(fact.member_id)
        if fact.entity:
            by_entity[fact.entity][fact.step].add(fact.member_id)
        if fact.track:
            by_track[fact.track][fact.step].add(fact.member_id)

    def counts(groups):
        return {key: {step: len(ids) for step, ids in steps.items()} for key, steps in sorted(groups.items())}

    return {
        "attendees": len(present),
        "overall": {step: len(ids) for step, ids in overall.items()},
        "by_entity": counts(by_entity),
        "by_track": counts(by_track),
    }


def rate(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0
