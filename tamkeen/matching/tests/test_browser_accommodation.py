"""In Arabic, in a browser: Nora records what Fatima needs on her member page, after Fatima's consent, and the
opportunity page then tells her which course lacks what Fatima needs."""

import pytest

from tamkeen.consent.models import Category, Purpose
from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.registry.models import AccommodationNeed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_nora_records_a_need_and_sees_the_gap_in_arabic(world, browser_page, browser_login, screenshot):
    page = browser_page
    fatima = world.wife_sby
    fatima.disability = "physical"
    fatima.save(update_fields=["disability"])
    give_consent(
        fatima, world.trainer, [Category.IDENTITY, Category.DISABILITY], purpose=Purpose.ACCOMMODATION
    )
    course = make_opportunity(world.trainer, gender="F", accessibility_features=["step_free_access"])
    world.worker_sby.set_password(PASSWORD)
    world.worker_sby.save(update_fields=["password"])

    browser_login(page, world.worker_sby.username, PASSWORD)
    page.goto(f"/registry/members/{fatima.pk}/")
    section = page.locator("section.panel", has_text="احتياجات التهيئة")
    assert section.is_visible()
    section.get_by_label("نوع الاحتياج").select_option("mobility")
    section.get_by_label("ما يساعد").fill("كرسي متحرك؛ تحتاج منحدرًا")
    section.get_by_role("button", name="تسجيل الاحتياج").click()
    page.wait_for_load_state()
    assert AccommodationNeed.objects.get(member=fatima).kind == "mobility"
    assert page.get_by_text("كرسي متحرك؛ تحتاج منحدرًا").is_visible()
    screenshot(page, "accommodation-needs-ar")

    page.goto(f"/opportunities/{course.code}/?member={fatima.pk}")
    assert page.get_by_text("يحتاج إلى دخول بلا درج ودورة مياه مهيأة").is_visible()
    screenshot(page, "accommodation-gap-ar")
