"""In Arabic, in a real browser.

1. Hind, of the training institute, connects her institute's learning system: she creates an API client and
   copies its secret (shown once), rotates it, revokes an old client, registers a webhook address and reads
   its deliveries.
2. Abdulrahman, the regional manager, registers a new academy with its agreement, then suspends Hind's
   institute: the referral it never answered goes back to Nora's office.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.api.models import ApiClient
from tamkeen.api.tests.stories import send
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.partners.models import Entity
from tamkeen.referrals.models import Referral
from tamkeen.webhooks.models import Delivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _with_password(*users):
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def _field(page, label: str):
    """The form field of that label (Django adds a colon to labels)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def _main(page) -> str:
    return page.locator("main").inner_text()


def test_hind_connects_her_institute_s_systems(world, browser_page, browser_login, screenshot):
    _with_password(world.partner_trainer)
    page = browser_page
    browser_login(page, world.partner_trainer.username, PASSWORD)

    page.goto("/api-clients/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("اسم النظام").fill("نظام إدارة التعلم")
    page.check("input[value='referrals:read']")
    page.check("input[value='referrals:write']")
    page.get_by_role("button", name="إنشاء").click()
    page.wait_for_load_state()
    assert "انسخ السر الآن" in _main(page)
    first_secret = page.locator("dd code").nth(1).inner_text()
    client = ApiClient.objects.get(name="نظام إدارة التعلم")
    assert client.entity == world.trainer and first_secret not in client.secret_hash
    screenshot(page, "partners-api-client-secret-ar")

    page.goto("/api-clients/")
    assert first_secret not in _main(page)  # shown once
    page.get_by_role("button", name="تغيير السر").click()
    page.wait_for_load_state()
    rotated = page.locator("dd code").nth(1).inner_text()
    assert rotated and rotated != first_secret
    page.get_by_role("button", name="إلغاء", exact=True).click()
    page.wait_for_load_state()
    assert "أُلغي العميل" in _main(page) and "ملغى" in _main(page)
    client.refresh_from_db()
    assert client.revoked_at is not None

    page.goto("/webhooks/")
    page.get_by_label("العنوان").fill("http://127.0.0.1:9/lms/hooks")
    page.check("input[value='referral.sent']")
    page.get_by_role("button", name="إنشاء").click()
    page.wait_for_load_state()
    assert "انسخ السر الآن" in _main(page)
    assert re.search(r"whsec_\S+", _main(page))
    send(world, world.head_sby, make_opportunity(world.trainer, capacity=2))  # Nora refers Muhammad
    page.get_by_role("link", name="http://127.0.0.1:9/lms/hooks").click()
    page.wait_for_load_state()
    assert "عمليات التسليم" in _main(page) and "referral.sent" in _main(page)
    assert Delivery.objects.filter(endpoint__entity=world.trainer, event__type="referral.sent").exists()
    screenshot(page, "partners-webhook-deliveries-ar")


def test_the_manager_registers_an_academy_and_suspends_an_institute(
    world, browser_page, browser_login, screenshot
):
    _with_password(world.manager)
    waiting = send(world, world.head_sby, make_opportunity(world.trainer, capacity=2))
    page = browser_page
    browser_login(page, world.manager.username, PASSWORD)

    page.goto("/partners/")
    page.get_by_role("link", name="جهة جديدة").click()
    page.wait_for_load_state()
    _field(page, "الرمز").fill("TRN-JZN")
    _field(page, "الاسم بالعربية").fill("أكاديمية جازان للمهارات")
    _field(page, "النوع").select_option("training_provider")
    _field(page, "مهلة الرد على الإحالة (أيام)").fill("0")
    page.get_by_role("button", name="حفظ").click()
    page.wait_for_load_state()
    assert "1" in _main(page) and not Entity.objects.filter(code="TRN-JZN").exists()  # a clear error
    _field(page, "مهلة الرد على الإحالة (أيام)").fill("10")
    page.get_by_role("button", name="حفظ").click()
    page.wait_for_load_state()
    assert "أُنشئت الجهة" in _main(page)

    today = timezone.localdate()
    _field(page, "المرجع").fill("MoU-2026-7")
    _field(page, "ساري من").fill(today.isoformat())
    _field(page, "ساري حتى").fill((today + timedelta(days=730)).isoformat())
    page.get_by_role("button", name="إضافة الاتفاقية").click()
    page.wait_for_load_state()
    assert "أُضيفت الاتفاقية" in _main(page) and "سارية" in _main(page)
    screenshot(page, "partners-entity-created-ar")

    page.goto(f"/partners/{world.trainer.code}/")
    page.get_by_role("link", name="إيقاف", exact=True).click()
    page.wait_for_load_state()
    assert "إحالة واحدة لم يُرد عليها تعود إلى مكتبها." in _main(page)
    page.get_by_role("button", name="إيقاف الجهة").click()
    page.wait_for_load_state()
    assert "هذا الحقل مطلوب" in _main(page)  # a reason is required
    _field(page, "سبب الإيقاف").fill("انتهت الاتفاقية دون تجديد")
    page.get_by_role("button", name="إيقاف الجهة").click()
    page.wait_for_load_state()
    assert "أُوقفت الجهة" in _main(page) and "موقوفة" in _main(page)
    screenshot(page, "partners-entity-suspended-ar")
    assert Referral.objects.get(pk=waiting.pk).status == "withdrawn"

    page.goto("/partners/?status=suspended")
    assert world.trainer.code in _main(page) and world.employer.code not in _main(page)
