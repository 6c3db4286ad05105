"""The forum in Arabic, end to end: Amal sets up the forum and invites Sabya's members; Muhammad is checked in by
typing his short code; Saad, at his employer's booth, records Muhammad's interest in a job; Nora, Muhammad's case
worker, finds the proposed referral waiting for her."""

import pytest
from django.utils import timezone

from tamkeen.forum.models import CheckIn, Event, Registration
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _passwords(*users):
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def test_a_forum_from_set_up_to_the_case_workers_proposal(world, browser_page, browser_login, screenshot):
    page = browser_page
    _passwords(world.organiser, world.partner_employer, world.worker_sby)
    make_opportunity(world.employer, title_ar="وظيفة أمين صندوق", track="employment", kind="job")
    today = timezone.localdate()

    # Amal creates the forum.
    browser_login(page, world.organiser.username, PASSWORD)
    page.goto("/forum/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_role("link", name="ملتقى جديد").click()
    page.fill("#id_title", "ملتقى التمكين")
    page.fill("#id_venue", "مركز جازان للمعارض")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", today.isoformat())
    page.get_by_role("button", name="إنشاء الملتقى").click()
    page.wait_for_load_state()
    event = Event.objects.get(title="ملتقى التمكين")

    # …gives the employer a booth…
    page.fill("#id_booth-number", "01")
    page.fill("#id_booth-zone", "أ")
    page.select_option("#id_booth-entity", label=world.employer.name_ar)
    page.get_by_role("button", name="إضافة الركن").click()
    page.wait_for_load_state()
    assert world.employer.name_ar in page.locator("main").inner_text()
    screenshot(page, "forum-event-ar")

    # …and invites the members of Sabya office: she sees how many, not who.
    page.get_by_role("link", name="دعوة الأفراد").first.click()
    page.select_option("#id_office", label=world.sby.name_ar)
    page.get_by_role("button", name="احسب عدد الأفراد").click()
    page.wait_for_load_state()
    assert world.head_sby.national_id not in page.content()
    page.locator("form[method=post] button.primary").click()
    page.wait_for_load_state()
    registration = Registration.objects.get(event=event, member=world.head_sby)
    assert registration.display_name in page.locator("main").inner_text()

    # At the door the camera is not available: the short code is typed.
    page.goto(f"/forum/events/{event.pk}/check-in/")
    page.fill("#id_code", registration.short_code.lower())
    page.get_by_role("button", name="تسجيل الحضور").click()
    page.locator("[data-status]").filter(has_text=registration.display_name).wait_for()
    assert CheckIn.objects.filter(registration=registration, session__isnull=True).count() == 1
    screenshot(page, "forum-check-in-ar")

    # Saad, at his booth, types the badge code: he sees the name and his own offers, and records the interest.
    page.context.clear_cookies()
    browser_login(page, world.partner_employer.username, PASSWORD)
    page.goto("/forum/")
    page.get_by_role("link", name="مسح شارات الزوار في هذا الركن").click()
    page.fill("#id_code", registration.short_code)
    page.get_by_role("button", name="عرض").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert registration.display_name in main and world.head_sby.national_id not in main
    page.get_by_label("وظيفة أمين صندوق", exact=False).check()
    page.get_by_role("button", name="تسجيل طلب الالتحاق").click()
    page.wait_for_load_state()
    screenshot(page, "forum-booth-ar")
    referral = Referral.objects.get(member=world.head_sby)
    assert referral.status == "proposed" and referral.source == "forum"

    # Nora finds the proposal among her referrals; sending it still needs Muhammad's consent.
    page.context.clear_cookies()
    browser_login(page, world.worker_sby.username, PASSWORD)
    page.goto("/referrals/")
    row = page.locator("tr", has_text=referral.public_id)
    assert world.head_sby.full_name in row.inner_text()
    assert "مقترحة" in row.inner_text() or "مقترح" in row.inner_text()
    screenshot(page, "forum-referral-reaches-case-worker-ar")


def test_a_check_in_made_while_the_network_is_down_is_sent_when_it_returns(world, phone_page, browser_login):
    from tamkeen.forum.tests.factories import make_forum

    page = phone_page
    _passwords(world.organiser)
    forum = make_forum(world)
    browser_login(page, world.organiser.username, PASSWORD)
    page.goto(f"/forum/events/{forum.event.pk}/check-in/")
    page.context.set_offline(True)
    page.fill("#id_code", "hsby23")
    page.get_by_role("button", name="تسجيل الحضور").click()
    page.locator("[data-status]").filter(has_text="لا يوجد اتصال").wait_for()
    queued = page.evaluate(f"JSON.parse(localStorage.getItem('forum-check-ins-{forum.event.pk}'))")
    assert [item["code"] for item in queued] == ["hsby23"]
    assert not CheckIn.objects.exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("[data-status]").filter(has_text=forum.head_sby.display_name).wait_for()
    assert CheckIn.objects.filter(registration=forum.head_sby).count() == 1
    assert page.evaluate(f"localStorage.getItem('forum-check-ins-{forum.event.pk}')") == "[]"
