"""In a browser, in Arabic: Nora types the national ID of a man registered in Farasan while adding a member to a
Sabya household. The form warns her that a possible duplicate exists elsewhere and names Farasan's unit, never the
man; the ID she typed never appears in a URL the browser requested."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_the_check_while_typing_answers_only_whom_to_ask(world, browser_page, browser_login, screenshot):
    nora = world.worker_sby
    nora.set_password(PASSWORD)
    nora.save(update_fields=["password"])
    page = browser_page
    requested = []
    page.on("request", lambda request: requested.append((request.method, request.url)))
    browser_login(page, nora.username, PASSWORD)
    page.goto(reverse("registry:member_add", args=[world.household_sby.pk]))
    page.fill("input[name=national_id]", world.head_frs.national_id)
    page.fill("input[name=first_name]", "يحيى")
    page.press("input[name=first_name]", "Tab")
    page.wait_for_selector(".dedup-check .badge-warn")
    answer = page.locator(".dedup-check").inner_text()
    screenshot(page, "registry-duplicate-elsewhere-ar")
    assert "يوجد تكرار محتمل في مكان آخر" in answer and world.frs.name_ar in answer
    assert world.head_frs.full_name not in answer and "عقيلي" not in answer
    assert ("POST", page.url.split("/registry/")[0] + "/dedup/check/") in {
        (method, url.split("?")[0]) for method, url in requested
    }
    assert not any(world.head_frs.national_id in url for _method, url in requested)
