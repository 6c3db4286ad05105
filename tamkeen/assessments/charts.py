"""Geometry of the baseline-versus-latest bar chart: pure, so the SVG template only draws what it is given.

Bars grow from the reading start: from the right edge in Arabic, from the left in English.
"""

from dataclasses import dataclass

SCALE_MAX = 5


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    score: float | None
    label_x: float
    series: str  # "baseline" or "latest"


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: tuple[Row, ...]
    label_x: float
    label_anchor: str
    ticks: tuple[tuple[float, int], ...]
    plot_top: float
    plot_bottom: float


def bar_chart(
    rows: list[tuple[str, float | None, float | None]],
    *,
    rtl: bool,
    width: int = 320,
    label_width: int = 110,
    bar_height: int = 10,
    gap: int = 14,
    top: int = 8,
) -> Chart:
    """rows: (label, baseline score, latest score). Scores are on 1–5 and drawn from 0 so 1 is still visible."""
    plot_width = width - label_width - 30
    row_height = 2 * bar_height + gap
    out = []
    for index, (label, baseline, latest) in enumerate(rows):
        y0 = top + index * row_height
        bars = []
        for n, (series, score) in enumerate((("baseline", baseline), ("latest", latest))):
            length = 0.0 if score is None else plot_width * max(0.0, min(score, SCALE_MAX)) / SCALE_MAX
            start = width - label_width - length if rtl else label_width
            end_label = start - 4 if rtl else start + length + 4
            bars.append(
                Bar(
                    round(start, 1),
                    y0 + n * bar_height,
                    round(length, 1),
                    bar_height - 1,
                    score,
                    round(end_label, 1),
                    series,
                )
            )
        out.append(Row(label, y0 + bar_height, tuple(bars)))
    height = top + len(rows) * row_height + 16
    ticks = tuple(
        (
            round(
                (width - label_width - plot_width * t / SCALE_MAX)
                if rtl
                else (label_width + plot_width * t / SCALE_MAX),
                1,
            ),
            t,
        )
        for t in range(0, SCALE_MAX + 1)
    )
    return Chart(
        width=width,
        height=height,
        rows=tuple(out),
        label_x=width - 2 if rtl else 2,
        label_anchor="start",
        ticks=ticks,
        plot_top=top,
        plot_bottom=height - 16,
    )
