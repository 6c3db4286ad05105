"""Khalid, supervisor in Sabya, reviews a probable duplicate in Arabic: merges the pair, then undoes it."""

import pytest

from tamkeen.dedup.models import DuplicateCandidate
from tamkeen.registry.models import Member

from .factories import make_candidate, make_duplicate_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_supervisor_merges_a_duplicate_then_undoes_the_merge(world, browser_page, browser_login, screenshot):
    copy = make_duplicate_of(world.head_sby, phone=world.head_sby.phone)
    candidate = make_candidate(world.head_sby, copy)
    supervisor = world.supervisor_sby
    supervisor.set_password(PASSWORD)
    supervisor.save(update_fields=["password"])
    page = browser_page
    browser_login(page, supervisor.username, PASSWORD)

    page.get_by_role("link", name="التكرارات المحتملة").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="التكرارات المحتملة").is_visible()
    page.get_by_role("link", name=world.head_sby.full_name).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="هل هذان السجلان لشخص واحد؟").is_visible()
    main = page.locator("main").inner_text()
    assert "الأدلة لكل حقل" in main and "دليل قوي على أنه الشخص نفسه" in main
    screenshot(page, "dedup-review-ar")

    page.get_by_label("السجل 1").check()
    page.get_by_role("button", name="الشخص نفسه: دمج").click()
    page.wait_for_load_state()
    assert "دُمج السجلان" in page.locator("main").inner_text()
    assert not Member.objects.filter(pk=copy.pk).exists()
    assert DuplicateCandidate.objects.get(pk=candidate.pk).status == "merged"
    screenshot(page, "dedup-merged-ar")

    page.get_by_role("button", name="التراجع عن الدمج").click()
    page.wait_for_load_state()
    assert "تم التراجع عن الدمج" in page.locator("main").inner_text()
    assert Member.objects.filter(pk=copy.pk).exists()
    assert DuplicateCandidate.objects.get(pk=candidate.pk).status == "pending"
    assert page.get_by_role("button", name="الشخص نفسه: دمج").is_visible()
    screenshot(page, "dedup-undone-ar")
