"""The dashboard's tables as HTML, each rendered once for what it shows.

Drawing the tables (about 70 rows of cells, links and bars) is most of the dashboard's Python time, yet the
figures behind them change only when outcomes are verified or the cached figures are recomputed. A table's HTML
is therefore kept in the cache under a digest of everything the panel template reads — the table's title,
columns, cells with their drill-down queries, chart settings, time computed, the period, the language and the
time zone — so a changed figure is a different key and can never be served the old drawing.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

TTL_SECONDS = 600


def _digest(table, period: str) -> str:
    shown = [
        translation.get_language(),
        timezone.get_current_timezone_name(),
        period,
        table.name,
        table.title,
        table.columns,
        table.linked,
        table.as_of,
        table.bar_column,
        table.bar_unit,
        table.bar_scale_max,
    ]
    text = json.dumps(shown, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def rendered_tables(tables, period: str) -> SafeString:
    parts = []
    for table in tables:
        key = f"reports:panel:{_digest(table, period)}"
        html = cache.get(key)
        if html is None:
            html = render_to_string("reports/_panel.html", {"table": table, "period": period})
            cache.set(key, html, TTL_SECONDS)
        parts.append(html)
    return mark_safe("".join(parts))  # our own template's output, escaped when drawn
