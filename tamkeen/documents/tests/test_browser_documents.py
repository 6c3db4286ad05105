"""In Arabic, in a real browser: Nora opens Muhammad's referral, downloads its letter, and the letter's QR
address opens a page that says the letter is valid — until her supervisor revokes it."""

import re

import pytest

from tamkeen.documents.tests.fixtures import documents_world
from tamkeen.documents.tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_case_worker_downloads_a_referral_letter_and_its_qr_address_verifies(
    world, browser_page, browser_login, screenshot, tmp_path
):
    for user in (world.worker_sby, world.supervisor_sby):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    referral = documents_world(world)["referral"]
    page = browser_page

    browser_login(page, world.worker_sby.username, PASSWORD)
    page.goto(f"/referrals/{referral.public_id}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    with page.expect_download() as download_info:
        page.get_by_role("button", name="تنزيل خطاب الإحالة (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"referral_letter-{referral.public_id}.pdf"
    saved = tmp_path / "letter.pdf"
    download.save_as(saved)
    text = pdf_text(saved.read_bytes())
    squashed = re.sub(r"\s+", "", text)
    assert "خطابإحالة" in squashed and re.sub(r"\s+", "", referral.member.full_name) in squashed
    verify_path = re.search(r"(/documents/verify/[A-Z0-9]{20}/)", text).group(1)
    screenshot(page, "documents-referral-ar")

    # Whoever holds the paper: signed out, the address printed under the QR code.
    page.context.clear_cookies()
    page.goto(verify_path)
    main = page.locator("main").inner_text()
    assert "ساري" in main and "خطاب إحالة" in main and "م. ح." in main
    assert referral.member.full_name not in main and referral.member.national_id not in main
    screenshot(page, "documents-verify-valid-ar")

    browser_login(page, world.supervisor_sby.username, PASSWORD)
    page.goto("/documents/")
    page.get_by_label("السبب").fill("أُصدر بالخطأ")
    page.get_by_role("button", name="إلغاء").click()
    page.wait_for_load_state()
    assert "أُلغي المستند" in page.locator("main").inner_text()

    page.context.clear_cookies()
    page.goto(verify_path)
    assert "غير ساري: ملغى" in page.locator("main").inner_text()
    screenshot(page, "documents-verify-revoked-ar")
