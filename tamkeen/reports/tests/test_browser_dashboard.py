"""Abdulrahman, the regional manager, opens the dashboard in Arabic, reads the year's figure and drills down."""

from datetime import date

import pytest

from tamkeen.outcomes.services import outcome_report, outcome_verify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_the_manager_reads_the_years_families_and_opens_the_records(
    world, browser_page, browser_login, screenshot
):
    for member, worker in (
        (world.head_sby, world.worker_sby),
        (world.wife_sby, world.worker_sby),
        (world.head_frs, world.worker_frs),
    ):
        outcome = outcome_report(
            actor=worker, member=member, kind="hired", date=date(2025, 3, 1), entity=world.employer, wage=4000
        )
        outcome_verify(actor=worker, outcome=outcome, evidence_kind="social_insurance")
    manager = world.manager
    manager.set_password(PASSWORD)
    manager.save(update_fields=["password"])
    page = browser_page
    browser_login(page, manager.username, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="لوحة المؤشرات").click()
    page.get_by_role("combobox", name="السنة", exact=True).select_option("1446")
    page.get_by_role("button", name="عرض").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    families = page.locator("a[data-figure=empowered_families]")
    assert families.inner_text() == "2"  # two households, three empowered members
    assert page.locator("a[data-figure=empowered_members]").inner_text() == "3"
    chart = page.locator(".chart-row").first
    # Right to left: the label sits at the right edge and the bar grows from the right.
    label_box = chart.locator(".chart-label").bounding_box()
    value_box = chart.locator(".chart-value").bounding_box()
    assert label_box["x"] > value_box["x"]
    assert page.get_by_role("table", name="الأسر والأفراد الممكّنون حسب المكتب").is_visible()
    screenshot(page, "reports-dashboard-ar")
    families.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="الأسر الممكّنة — 1446").is_visible()
    main = page.locator("main").inner_text()
    assert "محمد علي أحمد الحازمي" in main and "يحيى موسى عقيلي" in main
    assert "2 أسرة، 3 فردًا" in main
    screenshot(page, "reports-drilldown-ar")
