"""Mona, the administrator, opens the programme rules in Arabic and adds a shorter transition period from a
future date; the rule in force today stays as it was."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.cases.selectors import transition_period_on
from tamkeen.core.models import DatedRule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_the_administrator_adds_a_version_of_the_transition_period(
    world, browser_page, browser_login, screenshot
):
    admin = world.admin
    admin.set_password(PASSWORD)
    admin.save(update_fields=["password"])
    page = browser_page
    browser_login(page, admin.username, PASSWORD)

    page.get_by_role("link", name="قواعد البرنامج").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="قواعد البرنامج", exact=True).is_visible()
    transition = page.locator("section", has=page.get_by_role("heading", name="الفترة الانتقالية"))
    assert "السارية اليوم" in transition.inner_text()
    screenshot(page, "rules-list-ar")

    transition.get_by_role("link", name="إضافة إصدار").click()
    page.wait_for_load_state()
    today = timezone.localdate()
    # A date already in force is refused, with the reason in Arabic, and nothing is written.
    page.get_by_label("الأشهر").fill("9")
    page.get_by_label("سارية من").fill(today.isoformat())
    page.get_by_label("السبب (القرار أو التعميم)").fill("قرار مجلس الإدارة رقم 12")
    page.get_by_role("button", name="حفظ الإصدار الجديد").click()
    page.wait_for_load_state()
    assert "من الغد على الأقرب" in page.locator("main").inner_text()
    screenshot(page, "rules-refused-ar")

    start = today + timedelta(days=30)
    page.get_by_label("سارية من").fill(start.isoformat())
    page.get_by_role("button", name="حفظ الإصدار الجديد").click()
    page.wait_for_load_state()
    assert "حُفظ الإصدار الجديد" in page.locator("main").inner_text()
    transition = page.locator("section", has=page.get_by_role("heading", name="الفترة الانتقالية"))
    assert "قادم" in transition.inner_text() and "قرار مجلس الإدارة رقم 12" in transition.inner_text()
    screenshot(page, "rules-added-ar")

    assert DatedRule.objects.get(name="cases.transition_period", valid_from=start).values == {"months": 9}
    assert transition_period_on(today).months == 12 and transition_period_on(start).months == 9
