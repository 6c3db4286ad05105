"""The chart's SVG rows drawn by the chart_bars tag are, byte for byte, what the template's localize-off block
drew, in both languages, both directions, with missing values and decimals."""

import pytest
from django.template import engines
from django.utils import translation

from tamkeen.core.charts import bar_chart

BLOCK = """{% load l10n %}{% for row in chart.rows %}{% localize off %}<svg class="chart-bars bars-{{ chart.series|length }}" viewBox="0 0 100 {{ chart.plot_height }}" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        {% for x in chart.tick_positions %}<line x1="{{ x }}" x2="{{ x }}" y1="0" y2="{{ chart.plot_height }}" class="chart-grid" vector-effect="non-scaling-stroke"/>{% endfor %}
        {% for bar in row.bars %}{% if bar.width %}<rect x="{{ bar.x }}" y="{{ bar.y }}" width="{{ bar.width }}" height="8" class="series-{{ bar.series }}" vector-effect="non-scaling-stroke"/>{% endif %}{% endfor %}
      </svg>{% endlocalize %}|{% endfor %}"""
TAG = "{% for row in chart.rows %}{% chart_bars chart row %}|{% endfor %}"


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("rtl", [True, False])
def test_the_tag_draws_what_the_block_drew(language, rtl):
    charts = [
        bar_chart(
            [("أ", [1234567, None]), ("b", [0, 3.5]), ("c", [12.345, 99999])],
            title="t",
            unit="u",
            series=["one", "two"],
            rtl=rtl,
            decimals=1,
        ),
        bar_chart([("x", [4.25])], title="t", unit="", series=["s"], rtl=rtl, scale_max=5),
        bar_chart([("x", [None])], title="t", unit="", series=["s"], rtl=rtl),
    ]
    engine = engines["django"]
    with translation.override(language):
        for chart in charts:
            assert engine.from_string(TAG).render({"chart": chart}) == engine.from_string(BLOCK).render(
                {"chart": chart}
            )
