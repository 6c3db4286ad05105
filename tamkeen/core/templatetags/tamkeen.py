from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tamkeen.core.form_drawing import as_div_once
from tamkeen.core.hijri import format_hijri
from tamkeen.core.phones import InvalidPhone, format_mobile_local

register = template.Library()


def _language() -> str:
    # get_language() is None when translations are deactivated; the platform is Arabic-first.
    return get_language() or "ar"


@register.filter
def form_as_div(form) -> SafeString:
    """``form.as_div``, an unbound form drawn once per language and choices (tamkeen.core.form_drawing)."""
    return as_div_once(form)


@register.filter
def iso_date(value: Any) -> date | datetime | None:
    """A date kept as ISO text (a JSON export's "2026-11-30T16:35:00+03:00") as the date or moment it names, for
    dual_date or dual_datetime; a date or moment as it is; None when it is not one."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _to_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        # An aware datetime's calendar day depends on the zone: show the day as seen in Riyadh, not UTC.
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return None


@register.filter
def hijri(value: Any) -> str:
    """The Umm al-Qura date, in the active language's form; empty when not a date or out of the table."""
    d = _to_date(value)
    if d is None:
        return ""
    try:
        return format_hijri(d, _language())
    except ValueError:
        return ""


@register.filter
def dual_date(value: Any) -> SafeString | str:
    """Both calendars in a <time> element: the reader's own calendar first (Hijri in Arabic)."""
    d = _to_date(value)
    if d is None:
        return ""
    gregorian = d.isoformat()
    language = _language()
    try:
        hijri_text = format_hijri(d, language)
    except ValueError:
        # Outside the Umm al-Qura table (before 1924 / after 2077): the Gregorian date is still true.
        return format_html('<time datetime="{}"><bdi class="date-part">{}</bdi></time>', gregorian, gregorian)
    first, second = (hijri_text, gregorian) if language.lower().startswith("ar") else (gregorian, hijri_text)
    # Each date is isolated (bdi) and kept on one line, so "2026-12-10" never splits or reorders inside Arabic text.
    return format_html(
        '<time datetime="{}"><bdi class="date-part">{}</bdi> · <bdi class="date-part">{}</bdi></time>',
        gregorian,
        first,
        second,
    )


@register.filter
def mobile(value: Any) -> str:
    """05X XXX XXXX for a stored E.164 number; anything unparseable is shown as stored rather than hidden."""
    if not value:
        return ""
    try:
        return format_mobile_local(str(value))
    except InvalidPhone:
        return str(value)


@register.inclusion_tag("core/_bar_chart.html")
def bar_chart(chart):
    """Draws a chart built by tamkeen.core.charts.bar_chart, with its figures as a table."""
    return {"chart": chart}


def _svg_number(value) -> str:
    # As {{ value }} renders inside {% localize off %}.
    return conditional_escape(localize(value, use_l10n=False))


@register.simple_tag
def chart_bars(chart, row) -> SafeString:
    """One chart row's bars and grid in SVG, for core/_bar_chart.html: what its {% localize off %} block drew
    with a template node per line and bar (a third of the dashboard's Python time), byte for byte."""
    height = _svg_number(chart.plot_height)
    lines = "".join(
        f'<line x1="{x}" x2="{x}" y1="0" y2="{height}" class="chart-grid" vector-effect="non-scaling-stroke"/>'
        for x in map(_svg_number, chart.tick_positions)
    )
    bars = "".join(
        f'<rect x="{_svg_number(bar.x)}" y="{_svg_number(bar.y)}" width="{_svg_number(bar.width)}" height="8" '
        f'class="series-{_svg_number(bar.series)}" vector-effect="non-scaling-stroke"/>'
        for bar in row.bars
        if bar.width
    )
    return mark_safe(
        f'<svg class="chart-bars bars-{_svg_number(len(chart.series))}" viewBox="0 0 100 {height}" '
        f'preserveAspectRatio="none" aria-hidden="true" focusable="false">\n        {lines}\n        {bars}\n      </svg>'
    )


@register.simple_tag
def page_links(page, query_prefix: str = "") -> list[dict]:
    """Numbered links around a Django page for includes/pagination.html (lists not yet on tamkeen.core.listing)."""
    from tamkeen.core.listing import page_window

    return [
        {"number": n, "url": f"?{query_prefix}page={n}" if n else "", "current": n == page.number}
        for n in page_window(page.number, page.paginator.num_pages)
    ]


@register.filter
def bdi(value: Any) -> SafeString | str:
    """A left-to-right value (reference, code, phone, ID, file name) isolated so Arabic text cannot reorder it."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def phone(value: Any) -> SafeString | str:
    """A stored mobile number in its local form (05X XXX XXXX), isolated left to right."""
    return bdi(mobile(value))


@register.filter
def dual_datetime(value: Any) -> SafeString | str:
    """Both calendars' dates, then the Riyadh time of day, each isolated."""
    if not isinstance(value, datetime):
        return dual_date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html('{} <bdi dir="ltr">{}</bdi>', dual_date(local), local.strftime("%H:%M"))


@register.filter
def isolate_text(value: Any) -> str:
    """Plain text (a message, a file cell) isolated left to right with Unicode isolates, the text form of <bdi>."""
    if value is None or value == "":
        return ""
    return f"\u2066{value}\u2069"


@register.filter
def auto_bdi(value: Any) -> SafeString | str:
    """Text of either direction (a person's name, a title typed by a partner) isolated in its own direction."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
