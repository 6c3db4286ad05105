"""The platform's one chart: its geometry is plain arithmetic, and its drawing carries labels, units and a table."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.charts import bar_chart, nice_scale


def test_the_scale_ends_at_a_round_number_above_the_largest_value():
    assert nice_scale(87) == (0, 25, 50, 75, 100)
    assert nice_scale(4.2) == (0, 1.25, 2.5, 3.75, 5)
    assert nice_scale(1200) == (0, 500, 1000, 1500, 2000)
    assert nice_scale(0) == (0, 1, 2, 3, 4)


@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False))
def test_every_value_fits_the_scale_and_the_scale_is_never_more_than_two_and_a_half_times_it(top):
    ticks = nice_scale(top)
    assert ticks[0] == 0 and ticks[-1] >= top * (1 - 1e-9)
    assert ticks[-1] <= top * 2.5 + 1e-9
    assert list(ticks) == sorted(ticks)


def test_bars_grow_from_the_right_in_arabic_and_from_the_left_in_english():
    rows = [("النفسي", [4.0, 2.0])]
    rtl = bar_chart(rows, title="t", unit="u", series=["latest", "baseline"], rtl=True, scale_max=5)
    ltr = bar_chart(rows, title="t", unit="u", series=["latest", "baseline"], rtl=False, scale_max=5)
    latest_rtl, baseline_rtl = rtl.rows[0].bars
    latest_ltr, baseline_ltr = ltr.rows[0].bars
    assert latest_rtl.x + latest_rtl.width == baseline_rtl.x + baseline_rtl.width == 100
    assert latest_ltr.x == baseline_ltr.x == 0
    assert latest_rtl.width == 2 * baseline_rtl.width == latest_ltr.width == 80
    assert rtl.tick_positions[0] == 100 and ltr.tick_positions[0] == 0  # zero at the reading start
    assert rtl.ticks == (0, 1, 2, 3, 4, 5)


def test_a_missing_value_draws_no_bar_and_a_value_past_the_scale_stops_at_its_end():
    chart = bar_chart([("x", [None]), ("y", [9])], title="t", unit="u", series=["s"], rtl=False, scale_max=5)
    assert chart.rows[0].bars[0].width == 0 and chart.rows[0].bars[0].value is None
    assert chart.rows[1].bars[0].width == 100


def test_a_row_must_have_one_value_per_series():
    with pytest.raises(ValueError):
        bar_chart([("x", [1, 2])], title="t", unit="u", series=["s"], rtl=False)


def test_money_is_drawn_against_a_round_scale():
    chart = bar_chart(
        [("2026-01", [Decimal("1840.50")]), ("2026-02", [Decimal("0")])],
        title="Sales",
        unit="SAR",
        series=["Sales"],
        rtl=False,
    )
    assert chart.ticks[-1] == 2000
    assert chart.rows[0].bars[0].width == pytest.approx(92.03, abs=0.01)


def render(chart) -> str:
    return Template("{% load tamkeen %}{% bar_chart chart %}").render(Context({"chart": chart}))


def test_the_drawing_has_its_title_unit_legend_labels_values_and_table_in_arabic():
    with translation.override("ar"):
        chart = bar_chart(
            [("صبيا", [12, 7], "/reports/?office=SBY"), ("فرسان", [None, 3])],
            title="الأسر الممكّنة",
            unit="أسرة",
            series=["هذا العام", "الهدف"],
            rtl=True,
            label_heading="المكتب",
            key="empowered",
        )
        html = render(chart)
    assert 'aria-labelledby="empowered-title"' in html and "الأسر الممكّنة" in html and "(أسرة)" in html
    assert html.count('class="swatch') == 2  # a legend for two series
    assert '<a href="/reports/?office=SBY">صبيا</a>' in html
    # The SVG is decoration: the values are text, each with its series' name for a screen reader.
    assert re.search(r'<svg[^>]*aria-hidden="true"', html)
    assert '<span class="visually-hidden">الهدف: </span><bdi>7</bdi>' in html
    assert "<bdi>—</bdi>" in html  # Farasan has no figure for this year
    # Bars start at the right edge in Arabic: Sabya's 12 fills the scale of 0–20 up to 60 %.
    assert '<rect x="40.0" y="1" width="60.0"' in html
    table = html[html.index("<details") :]
    assert "<summary>" in table and '<th scope="col">المكتب</th>' in table
    assert '<th scope="col" class="num">الهدف (أسرة)</th>' in table
    assert "جدول" in table or "الأرقام" in table  # the summary is translated


def test_a_page_that_shows_the_table_beside_the_chart_can_leave_it_out():
    chart = bar_chart([("x", [1])], title="t", unit="u", series=["s"], rtl=False, show_table=False)
    html = render(chart)
    assert "<details" not in html and 'class="swatch' not in html
    with translation.override("en"):
        assert "No figures" in render(bar_chart([], title="t", unit="u", series=["s"], rtl=False))
