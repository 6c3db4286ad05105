"""A first look, as a person would: the home page in Arabic and English, and a case worker's office."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_arabic_login_page_is_right_to_left_and_english_left_to_right(browser_page, screenshot):
    page = browser_page
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", name="تسجيل الدخول").is_visible()
    screenshot(page, "home-ar")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", name="Log in").is_visible()
    screenshot(page, "home-en")
    # The choice is remembered on the next visit.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_sabya_case_worker_logs_in_and_sees_her_office(world, browser_page, browser_login, screenshot):
    worker = world.worker_sby
    worker.set_password(PASSWORD)
    worker.save(update_fields=["password"])
    browser_login(browser_page, worker.username, PASSWORD)
    assert "مكتب الضمان الاجتماعي بصبيا" in browser_page.locator("main").inner_text()
    screenshot(browser_page, "worker-home-ar")
