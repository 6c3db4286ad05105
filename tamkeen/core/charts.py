"""One chart for the whole platform: horizontal bars, one row per label, one bar per series, drawn as SVG.

The geometry here is pure (plain numbers in, percentages out), so the template `core/_bar_chart.html` (the
``{% bar_chart chart %}`` tag) only draws what it is given: each row's label and values are HTML text (they wrap,
translate and isolate like any text), the bars are SVG rectangles growing from the reading start — the right in
Arabic, the left in English — against a scale that starts at zero and ends at a round number, with its unit.
Every chart carries its figures as a table too (``show_table``), for screen readers and for anyone who wants
the numbers; a page that already shows the same table beside the chart turns it off.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | float | Decimal
BAR_BAND = 10


@dataclass(frozen=True)
class Bar:
    series: int
    name: str  # the series' name, read before the value by screen readers
    value: Number | None
    x: float  # percent of the plot's width, from its left edge
    width: float  # percent of the plot's width

    @property
    def y(self) -> int:
        return BAR_BAND * self.series + 1


@dataclass(frozen=True)
class Row:
    label: str
    bars: tuple[Bar, ...]
    url: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    ticks: tuple[Number, ...]  # from zero to the scale's end, evenly spaced
    tick_positions: tuple[float, ...]  # percent from the left edge, for the grid lines
    decimals: int = 0
    show_table: bool = True
    label_heading: str = ""  # the data table's first column
    rtl: bool = False
    key: str = field(default="chart")

    @property
    def plot_height(self) -> int:
        """The SVG's own height units: ten per series, a bar of eight in each."""
        return BAR_BAND * len(self.series)


def nice_scale(top: float, steps: int = 4) -> tuple[float, ...]:
    """Ticks from zero to a round number at or above `top`: 87 → 0, 25, 50, 75, 100; 4.2 → 0 … 5."""
    if top <= 0:
        return tuple(float(n) for n in range(steps + 1))
    raw = top / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 1.25, 2, 2.5, 5, 10):
        step = multiple * magnitude
        if step * steps >= top - 1e-9:
            break
    return tuple(round(step * n, 10) for n in range(steps + 1))


def bar_chart(
    rows: Sequence[tuple[str, Sequence[Number | None]]] | Sequence[tuple[str, Sequence[Number | None], str]],
    *,
    title: str,
    unit: str,
    series: Sequence[str],
    rtl: bool,
    scale_max: Number | None = None,
    decimals: int = 0,
    show_table: bool = True,
    label_heading: str = "",
    key: str = "chart",
) -> Chart:
    """rows: (label, one value per series[, link]). A missing value (None) draws no bar and reads "—".

    The scale ends at `scale_max` when given (a score out of 5 is drawn out of 5), otherwise at a round number
    above the largest value; a value beyond the scale is drawn to its end."""
    values = [float(v) for _, vs, *_ in rows for v in vs if v is not None]
    ticks = (
        tuple(round(float(scale_max) * n / 5, 10) for n in range(6))
        if scale_max
        else nice_scale(max(values, default=0.0))
    )
    end = ticks[-1]
    out = []
    for label, row_values, *link in rows:
        if len(row_values) != len(series):
            raise ValueError("Each row needs one value per series.")
        bars = []
        for index, value in enumerate(row_values):
            width = 0.0 if value is None else round(100 * max(0.0, min(float(value), end)) / end, 2)
            x = round(100 - width, 2) if rtl else 0.0
            bars.append(Bar(series=index, name=str(series[index]), value=value, x=x, width=width))
        out.append(Row(label=str(label), bars=tuple(bars), url=link[0] if link else ""))
    positions = tuple(round(100 - 100 * t / end, 2) if rtl else round(100 * t / end, 2) for t in ticks)
    return Chart(
        title=str(title),
        unit=str(unit),
        series=tuple(str(s) for s in series),
        rows=tuple(out),
        ticks=tuple(int(t) if float(t).is_integer() else t for t in ticks),
        tick_positions=positions,
        decimals=decimals,
        show_table=show_table,
        label_heading=str(label_heading),
        rtl=rtl,
        key=key,
    )
