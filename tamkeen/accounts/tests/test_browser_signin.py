"""Signing in as a person would, in Arabic: a guessed password locks the username; a second factor guards staff."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
LOCKED_AR = "محاولات دخول فاشلة كثيرة باسم المستخدم هذا"


def submit(page, username, password):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_ten_wrong_passwords_pause_the_username_and_the_page_says_so_in_arabic(
    world, browser_page, screenshot
):
    nora = world.worker_sby
    nora.set_password(PASSWORD)
    nora.save(update_fields=["password"])
    page = browser_page
    for n in range(9):
        submit(page, nora.username, f"guess-{n}")
        assert LOCKED_AR not in page.locator("main").inner_text()
    submit(page, nora.username, "guess-9")
    assert LOCKED_AR in page.get_by_role("alert").inner_text()
    submit(page, nora.username, PASSWORD)
    assert LOCKED_AR in page.get_by_role("alert").inner_text()
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "signin-locked-ar")
    # A username nobody has gets the very same words.
    for n in range(10):
        submit(page, "nobody.here", f"guess-{n}")
    assert LOCKED_AR in page.get_by_role("alert").inner_text()
