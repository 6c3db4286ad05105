"""Nora on a 360-px phone: the menu folds behind a button she can open and close by keyboard, her tables read as
cards whose every value says which column it is, and the household form brings up the right keypads."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_menu_folds_behind_a_button_that_works_by_keyboard(world, phone_page, live_server):
    page = phone_page
    _login(page, world.worker_sby, live_server)
    page.goto("/")
    button = page.get_by_role("button", name="القائمة")
    nav = page.get_by_role("navigation", name="القائمة الرئيسية")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80  # one row: the name, the language and the menu button
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and nav.is_visible()
    nav.get_by_role("link", name="حالاتي").focus()
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_on_a_desktop_the_menu_is_open_and_the_button_hidden(world, browser_page, live_server):
    page = browser_page
    _login(page, world.worker_sby, live_server)
    page.goto("/")
    assert not page.locator(".menu-button").is_visible()
    assert (
        page.get_by_role("navigation", name="القائمة الرئيسية")
        .get_by_role("link", name="حالاتي")
        .is_visible()
    )


def test_her_caseload_is_a_list_of_cards_with_every_column_labelled(world, phone_page, live_server):
    page = phone_page
    _login(page, world.worker_sby, live_server)
    page.goto("/cases/caseload/")
    headers = page.locator("table thead th").all_inner_texts()
    first_row = page.locator("table tbody tr").first
    cells = first_row.locator("td, th")
    labels = [cells.nth(i).get_attribute("data-label") for i in range(cells.count())]
    assert labels == [h.strip() for h in headers][: len(labels)]
    assert first_row.evaluate("row => getComputedStyle(row).display") == "block"
    before = cells.nth(1).evaluate("cell => getComputedStyle(cell, '::before').content")
    assert headers[1].strip() in before
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_household_form_brings_up_numeric_keypads(world, phone_page, live_server):
    page = phone_page
    _login(page, world.worker_sby, live_server)
    page.goto("/registry/households/add/")
    national_id = page.locator("#id_head-national_id")
    assert national_id.get_attribute("inputmode") == "numeric"
    assert national_id.get_attribute("autocomplete") == "off"
    assert page.locator("#id_head-phone").get_attribute("inputmode") == "tel"
    assert page.locator("#id_household-monthly_income").get_attribute("inputmode") == "decimal"
    submit = page.locator("form button.primary[type=submit]").last
    assert submit.is_visible() and submit.bounding_box()["y"] < 760  # within reach while the form is long


def _login(page, user, live_server):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
