"""On a 360-px phone in Arabic: Muhammad signs in, asks for a copy of his data and downloads it when it is ready,
and asks for his first name to be corrected; he sees where each request stands. Then Nora learns that the roll's
mobile reaches a stranger and marks it wrong from his page: his next sign-in request sends no code there."""

import pytest

from tamkeen.core.models import AuditEvent
from tamkeen.privacy.models import CorrectionRequest, DataExport

from .test_browser_portal import PASSWORD, code_from

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, world, outbox):
    page.goto("/portal/login/")
    page.fill("#id_national_id", world.head_sby.national_id)
    page.click("main button.primary")
    page.wait_for_selector("#id_code")
    page.fill("#id_code", code_from(outbox))
    page.click("main button.primary")
    page.wait_for_url("**/portal/")


def test_my_data_and_a_wrong_mobile(world, phone_page, browser_login, screenshot, outbox, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    page = phone_page
    sign_in(page, world, outbox)

    page.click("nav.portal-nav >> text=بياناتي")
    assert page.get_by_role("heading", level=1).inner_text() == "بياناتي"
    page.get_by_role("button", name="اطلب نسخة من بياناتي").click()
    page.wait_for_selector(".message-success")
    export = DataExport.objects.get(member=world.head_sby)
    assert export.status == "done", "the worker built it (immediate tasks in tests)"
    with page.expect_download() as download:
        page.locator(f"#export-{export.public_id}").get_by_role("link", name="تنزيل").click()
    assert download.value.suggested_filename == f"member-data-{export.public_id}.zip"

    page.select_option("#id_field", "first_name")
    page.fill("#id_proposed_value", "محمود")
    page.fill("#id_reason", "الاسم في الهوية محمود")
    page.get_by_role("button", name="أرسل طلبي").click()
    page.wait_for_selector(".message-success")
    request = CorrectionRequest.objects.get(member=world.head_sby)
    item = page.locator(f"#correction-{request.pk}")
    assert "محمود" in item.inner_text() and "آخر موعد للرد" in item.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "portal-my-data-ar-360")

    # Nora, in the office, marks the roll's mobile as wrong after a confirmation.
    world.worker_sby.set_password(PASSWORD)
    world.worker_sby.save(update_fields=["password"])
    staff = page.context.browser.new_page(base_url=page.url.split("/portal")[0], locale="ar-SA")
    browser_login(staff, world.worker_sby.username, PASSWORD)
    staff.goto(f"/registry/members/{world.head_sby.pk}/")
    staff.get_by_role("link", name="تحديد جوال السجل بأنه خاطئ").click()
    assert world.head_sby.phone in staff.locator("dl.facts").inner_text()
    screenshot(staff, "mobile-wrong-confirm-ar")
    staff.get_by_role("button", name="نعم، هذا الجوال خاطئ").click()
    staff.wait_for_selector(".messages")
    assert "جوال السجل محدد بأنه خاطئ" in staff.content()
    assert AuditEvent.objects.filter(
        action="member.registry_mobile_mark_wrong", actor=world.worker_sby
    ).exists()
    staff.close()

    # His next sign-in request answers the same, but no code goes to the wrong mobile.
    lines = len(outbox.read_text(encoding="utf-8").splitlines())
    page.context.clear_cookies()
    page.goto("/portal/login/")
    page.fill("#id_national_id", world.head_sby.national_id)
    page.click("main button.primary")
    page.wait_for_selector("#id_code")
    assert len(outbox.read_text(encoding="utf-8").splitlines()) == lines
