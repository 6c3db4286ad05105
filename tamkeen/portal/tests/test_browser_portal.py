"""On a 360-px phone in Arabic: Muhammad signs in with the code from the outbox, says he is interested in a
course and withdraws a consent; Nora, his case worker, sees both."""

import json
import re

import pytest

from tamkeen.consent.services import consent_record
from tamkeen.notifications.models import Message
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.TAMKEEN_SMS_BACKEND = "file"
    settings.TAMKEEN_OUTBOX_DIR = str(tmp_path)
    settings.TAMKEEN_QUIET_HOURS = ""
    settings.TAMKEEN_PORTAL_MIN_RESPONSE_SECONDS = 0.2
    return tmp_path / "sms.jsonl"


def code_from(outbox) -> str:
    line = json.loads(outbox.read_text(encoding="utf-8").splitlines()[-1])
    assert line["to"] == "+966501234567"
    return re.search(r"\d{6}", line["body"]).group(0)


def test_a_member_signs_in_marks_interest_and_withdraws_a_consent(
    world, phone_page, browser_login, screenshot, outbox
):
    course = make_opportunity(world.trainer, title_ar="دورة المبيعات")
    consent_record(
        actor=world.beneficiary_sby, member=world.head_sby, entity=world.bank, categories=["identity"]
    )
    page = phone_page

    page.goto("/portal/")
    assert page.url.endswith("/portal/login/?next=/portal/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill(
        "#id_national_id", world.head_sby.national_id.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    )
    page.click("main button.primary")
    page.wait_for_selector("#id_code")
    screenshot(page, "portal-code-ar-360")
    page.fill("#id_code", code_from(outbox))
    page.click("main button.primary")
    page.wait_for_url("**/portal/")
    assert world.head_sby.first_name in page.locator("main h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "nothing wider than the phone"
    screenshot(page, "portal-home-ar-360")

    page.click("nav.portal-nav >> text=الفرص")
    card = page.locator(f"#opportunity-{course.code}")
    assert "في محافظتك" in card.inner_text()
    card.get_by_role("button", name="أنا مهتم").click()
    page.wait_for_selector(".message-success")
    assert page.locator(f"#opportunity-{course.code} .badge-ok").is_visible()
    screenshot(page, "portal-interest-ar-360")

    page.click("nav.portal-nav >> text=موافقاتي")
    page.locator(f"#consent-{world.bank.code}-referral").get_by_role("button", name="سحب موافقتي").click()
    page.wait_for_selector(".message-success")
    assert page.locator(f"#consent-{world.bank.code}-referral .badge-danger").is_visible()
    screenshot(page, "portal-consent-withdrawn-ar-360")

    # The service worker registers from /portal/, so the offline page is ready when the network goes.
    page.goto("/portal/")
    page.wait_for_function(
        "navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=10000
    )
    page.context.set_offline(True)
    page.goto("/portal/referrals/")
    assert page.get_by_role("heading", name="لا يوجد اتصال").is_visible()
    page.context.set_offline(False)

    # Nora sees the proposal among her referrals and the withdrawal on Muhammad's consent page.
    referral = Referral.objects.get(member=world.head_sby, opportunity=course)
    assert referral.status == "proposed"
    world.worker_sby.set_password(PASSWORD)
    world.worker_sby.save(update_fields=["password"])
    staff_page = page.context.browser.new_page(base_url=page.url.split("/portal")[0])
    browser_login(staff_page, world.worker_sby.username, PASSWORD)
    staff_page.goto("/referrals/")
    assert referral.public_id in staff_page.content()
    staff_page.goto(f"/consent/member/{world.head_sby.pk}/")
    assert staff_page.locator(".badge-danger").count() >= 1
    staff_page.goto("/messages/")
    assert "portal.sign_in_code" in staff_page.content()
    assert Message.objects.get(event="portal.sign_in_code").status == "sent"
    staff_page.close()
