"""On a 360-px phone, in Arabic: Nora (worker_sby) assesses Muhammad and drafts his plan; Khalid approves it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_worker_assesses_and_drafts_a_plan_and_the_supervisor_approves_it_on_a_phone(
    world, phone_page, browser_login, screenshot
):
    from tamkeen.cases.models import EmpowermentPlan
    from tamkeen.core.models import AuditEvent

    for user in (world.worker_sby, world.supervisor_sby):
        user.set_password(PASSWORD)
        user.save()
    page, member = phone_page, world.head_sby

    browser_login(page, world.worker_sby.username, PASSWORD)
    page.get_by_role("button", name="القائمة").click()  # on a phone the menu is folded
    page.locator(".main-nav").get_by_role("link", name="حالاتي").click()
    page.get_by_role("link", name=member.full_name).click()
    page.get_by_role("link", name="التقييمات عبر الزمن").click()
    page.get_by_role("button", name="بدء تقييم جديد").click()

    screens = 0
    while "/section/" in page.url:
        screens += 1
        assert page.locator("html").get_attribute("dir") == "rtl"
        if screens == 1:
            assert fits_the_screen(page)
            screenshot(page, "assessment-section-phone-ar")
        for fieldset in page.locator("fieldset.item").all():
            fieldset.locator("input[value='4']").check()
        page.get_by_role("button", name="حفظ ومتابعة").click()
        page.wait_for_load_state()
    assert screens == 10  # six dimensions, the core skills, three track readiness sections
    assert page.get_by_role("heading", name="القدرة على العمل والإعفاءات").is_visible()
    page.locator("input[name=work_capacity][value=able]").check()
    page.get_by_role("button", name="إكمال التقييم").click()

    recommendation = page.locator(".recommendation").inner_text()
    assert recommendation.startswith("التوظيف")
    assert "لا واجب رعاية" in recommendation
    screenshot(page, "assessment-result-phone-ar")
    page.get_by_role("button", name="تسجيل المسار").click()
    assert "قُبلت التوصية" in page.locator("main").inner_text()

    page.get_by_role("link", name="ملف الفرد").click()
    page.get_by_label("الأهداف").fill("وظيفة بدوام كامل في قطاع التجزئة خلال ستة أشهر")
    page.get_by_role("button", name="إعداد خطة").click()
    page.get_by_label("الإجراء").fill("إعداد السيرة الذاتية والتسجيل في منصة التوظيف")
    page.get_by_label("المسؤول عن التنفيذ").select_option("member")
    page.get_by_label("تاريخ الاستحقاق").fill("2030-01-15")
    page.get_by_role("button", name="إضافة الإجراء").click()
    assert "أُضيف الإجراء" in page.locator("main").inner_text()
    page.get_by_role("button", name="رفع للاعتماد").click()
    assert "مرفوعة للاعتماد" in page.locator("main").inner_text()
    assert fits_the_screen(page)
    screenshot(page, "plan-submitted-phone-ar")

    page.context.clear_cookies()
    browser_login(page, world.supervisor_sby.username, PASSWORD)
    page.get_by_role("button", name="القائمة").click()
    page.locator(".main-nav").get_by_role("link", name="خطط بانتظار الاعتماد").click()
    page.get_by_role("link", name=member.full_name).click()
    page.get_by_role("button", name="اعتماد الخطة").click()
    assert "اعتُمدت الخطة" in page.locator("main").inner_text()
    screenshot(page, "plan-approved-phone-ar")

    plan = EmpowermentPlan.objects.get(member=member)
    assert plan.status == "approved" and plan.decided_by == world.supervisor_sby
    assert plan.assessment.chosen_track == plan.track == "employment"
    trail = set(AuditEvent.objects.filter(member_id=member.pk).values_list("action", flat=True))
    assert {
        "assessment.start",
        "assessment.complete",
        "assessment.track_accept",
        "plan.create",
        "plan.action_add",
        "plan.submit",
        "plan.approve",
    } <= trail
