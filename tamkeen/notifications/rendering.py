"""Pure functions: a message's text from its template, and when quiet hours end. No database here."""

import re
from datetime import date, datetime, time, timedelta

from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from tamkeen.core.hijri import format_hijri

from .events import EventTemplate

# Left-to-right isolate … pop directional isolate: the plain-text form of <bdi dir="ltr">.
LRI, PDI = "\u2066", "\u2069"
# A value a right-to-left text would reorder: a reference, a code, a Gregorian date, a Latin name, a phone.
_LTR_VALUE = re.compile(r"^[\x21-\x7e ]*[A-Za-z+\-/][\x21-\x7e ]*$")


def isolate(text: str, language: str) -> str:
    """``text`` kept left to right inside a right-to-left message; left-to-right messages need nothing."""
    if get_language_info(language)["bidi"] and _LTR_VALUE.match(text):
        return f"{LRI}{text}{PDI}"
    return text


def format_date(value: date, language: str) -> str:
    """Hijri first, then Gregorian: "1447/06/09 هـ (2025-11-30)", the Gregorian date isolated in Arabic."""
    if isinstance(value, datetime):
        value = value.date()
    return f"{format_hijri(value, language)} ({isolate(value.isoformat(), language)})"


def _plain(value, language: str):
    if isinstance(value, date):
        return format_date(value, language)
    return "" if value is None else isolate(str(value), language)


class _Lenient(dict):
    """A missing placeholder renders empty rather than losing the whole message."""

    def __missing__(self, key):
        return ""


def render(template: EventTemplate, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) in ``language``; ``context`` values may be dates, lazy strings or numbers."""
    with translation.override(language):
        values = _Lenient({key: _plain(value, language) for key, value in context.items()})
        subject = str(template.subject) % values if "%(" in str(template.subject) else str(template.subject)
        body = str(template.body) % values
        office = values.get("office")
        if template.names_office and office:
            body = f"{body}\n" + _("For help, contact %(office)s.") % {"office": office}
    return subject, body


def quiet_hours_end(moment: datetime, start: time, end: time) -> datetime | None:
    """The moment quiet hours end when ``moment`` (local, aware) falls inside them, otherwise None.

    Quiet hours may wrap midnight (21:00–08:00) or not (13:00–15:00).
    """
    clock = moment.timetz().replace(tzinfo=None)
    if start == end:
        return None
    if start < end:
        inside = start <= clock < end
        wake_day = moment.date()
    else:
        inside = clock >= start or clock < end
        wake_day = moment.date() + timedelta(days=1) if clock >= start else moment.date()
    if not inside:
        return None
    return moment.replace(
        year=wake_day.year,
        month=wake_day.month,
        day=wake_day.day,
        hour=end.hour,
        minute=end.minute,
        second=0,
        microsecond=0,
    )


def retry_delay(attempts: int, base_seconds: int = 30, ceiling_seconds: int = 3600) -> timedelta:
    """Exponential backoff after the ``attempts``-th failure: 30 s, 1 min, 2 min, … at most an hour."""
    return timedelta(seconds=min(ceiling_seconds, base_seconds * 2 ** max(0, attempts - 1)))
