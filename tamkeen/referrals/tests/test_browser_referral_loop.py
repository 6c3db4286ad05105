"""In Arabic, in a real browser: Nora (Sabya) records Muhammad's paper consent and refers him to Hind's
institute; Hind accepts him, records his enrolment and his completion."""

import re

import pytest

from tamkeen.core.models import AuditEvent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_case_worker_refers_and_the_training_provider_records_completion(
    world, browser_page, browser_login, screenshot, tmp_path
):
    for user in (world.worker_sby, world.partner_trainer):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    course = make_opportunity(world.trainer, title_ar="دورة الحاسب الآلي ومهارات المكتب", capacity=3)
    muhammad = world.head_sby
    scan = tmp_path / "consent.pdf"
    scan.write_bytes(b"%PDF-1.4 signed consent")
    page = browser_page

    browser_login(page, world.worker_sby.username, PASSWORD)
    page.goto(f"/consent/member/{muhammad.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("الجهة المستلمة").select_option(label="معهد المستقبل للتدريب")
    for category in ("الهوية", "التواصل", "العمل"):
        page.get_by_label(category, exact=True).check()
    page.get_by_label("نموذج الموافقة الممسوح ضوئيًا (موقّع)").set_input_files(str(scan))
    page.get_by_role("button", name="تسجيل الموافقة").click()
    page.wait_for_load_state()
    assert "سُجلت الموافقة." in page.locator("main").inner_text()
    screenshot(page, "referrals-consent-recorded-ar")

    page.goto(f"/opportunities/?member={muhammad.pk}")
    page.get_by_role("link", name="إحالة").first.click()
    page.wait_for_load_state()
    assert "مؤهل" in page.locator("main").inner_text()
    page.get_by_role("button", name="إحالة", exact=True).click()
    page.wait_for_load_state()
    assert "أُرسلت الإحالة." in page.locator("main").inner_text()
    public_id = re.search(r"/referrals/(R-[A-Z0-9]+)/", page.url).group(1)
    screenshot(page, "referrals-sent-ar")

    page.context.clear_cookies()
    browser_login(page, world.partner_trainer.username, PASSWORD)
    page.goto("/referrals/inbox/")
    page.get_by_role("link", name=public_id).click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert muhammad.national_id in main  # identity was shared
    assert "الدخل الشهري" not in main  # socio-economic data was not
    for button in ("قبول", "تسجيل الالتحاق", "تسجيل الإكمال"):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert "حُدّثت الإحالة." in page.locator("main").inner_text()
    assert "مكتملة" in page.locator(".scope").inner_text()
    screenshot(page, "referrals-completed-ar")

    referral = Referral.objects.get(public_id=public_id)
    assert referral.status == "completed"
    assert [e.to_status for e in referral.events.order_by("id")] == [
        "proposed",
        "sent",
        "accepted",
        "enrolled",
        "completed",
    ]
    assert AuditEvent.objects.filter(
        kind="read", actor=world.partner_trainer, member_id=muhammad.pk, action="referral.read"
    ).exists()
    course.refresh_from_db()
    assert course.seats_taken == 1


def test_partner_accepts_two_referrals_at_once_on_a_phone(world, phone_page, browser_login, screenshot):
    from tamkeen.consent.tests.factories import give_consent
    from tamkeen.referrals import services

    world.partner_trainer.set_password(PASSWORD)
    world.partner_trainer.save(update_fields=["password"])
    course = make_opportunity(world.trainer, capacity=5)
    referrals = []
    for member in (world.head_sby, world.wife_sby):
        give_consent(member, world.trainer)
        referral = services.referral_propose(actor=world.worker_sby, member=member, opportunity=course)
        referrals.append(services.referral_send(actor=world.worker_sby, referral=referral))
    page = phone_page
    browser_login(page, world.partner_trainer.username, PASSWORD)
    page.goto("/referrals/inbox/")
    for referral in referrals:
        page.get_by_label(referral.public_id).check()
    page.get_by_label("تغيير حالة الإحالات المحددة إلى").select_option("accept")
    page.get_by_role("button", name="تطبيق على المحدد").click()
    page.wait_for_load_state()
    assert "حُدّث عدد 2 من الإحالات." in page.locator("main").inner_text()
    screenshot(page, "referrals-inbox-bulk-phone-ar")
    assert set(Referral.objects.values_list("status", flat=True)) == {"accepted"}
