from tamkeen.assessments.charts import bar_chart


def test_bars_grow_from_the_right_in_arabic_and_from_the_left_in_english():
    rows = [("النفسي", 2.0, 4.0)]
    rtl = bar_chart(rows, rtl=True, width=320, label_width=110)
    ltr = bar_chart(rows, rtl=False, width=320, label_width=110)
    baseline_rtl, latest_rtl = rtl.rows[0].bars
    baseline_ltr, latest_ltr = ltr.rows[0].bars
    # Both start at the label column's edge: right edge in RTL, left edge in LTR.
    assert baseline_rtl.x + baseline_rtl.width == latest_rtl.x + latest_rtl.width == 210
    assert baseline_ltr.x == latest_ltr.x == 110
    assert latest_rtl.width == 2 * baseline_rtl.width == latest_ltr.width


def test_a_missing_score_draws_no_bar():
    chart = bar_chart([("x", None, 3.0)], rtl=False)
    assert chart.rows[0].bars[0].width == 0
