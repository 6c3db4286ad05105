"""In Arabic: Nora (worker_sby) invites Muhammad to a home visit and records that he did not come, which her
caseload then shows; she records a grievance told by phone, and when its time passes (a clock the test holds)
it is escalated to Khalid (supervisor_sby), who finds it in his queue."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_a_worker_invites_records_a_no_show_and_a_grievance_escalates(
    world, browser_page, browser_login, screenshot
):
    from tamkeen.appointments.models import Appointment
    from tamkeen.grievances import services
    from tamkeen.grievances.models import Grievance
    from tamkeen.grievances.tests.fixtures import category

    benefits = category(hours=72)
    for user in (world.worker_sby, world.supervisor_sby):
        user.set_password(PASSWORD)
        user.save()
    page, member = browser_page, world.head_sby

    browser_login(page, world.worker_sby.username, PASSWORD)
    page.goto(f"/registry/members/{member.pk}/")
    page.get_by_role("link", name="دعوة إلى موعد").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.select_option("#id_kind", "home_visit")
    page.fill("#id_day", (timezone.localdate() + timedelta(days=2)).isoformat())
    page.fill("#id_time", "10:30")
    page.fill("#id_place", "منزل الأسرة، صبيا")
    page.get_by_role("button", name="أرسل الدعوة").click()
    page.wait_for_load_state()
    assert "أُرسلت الدعوة." in page.locator(".messages").inner_text()
    assert "زيارة منزلية" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "appointment-invited-ar")

    # Two days pass: the visit's time has come.
    appointment = Appointment.objects.get(member=member)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    page.reload()
    page.get_by_role("button", name="لم يحضر").click()
    page.wait_for_load_state()
    assert "سُجّل الحضور." in page.locator(".messages").inner_text()
    appointment.refresh_from_db()
    assert appointment.status == "no_show" and appointment.attendance_recorded_by == world.worker_sby

    page.locator(".main-nav").get_by_role("link", name="حالاتي").click()
    missed = page.locator("section.panel", has=page.get_by_role("heading", name="المواعيد الفائتة"))
    assert member.full_name in missed.inner_text()
    screenshot(page, "caseload-missed-appointments-ar")

    page.locator(".main-nav").get_by_role("link", name="الشكاوى", exact=True).click()
    page.get_by_role("link", name="تسجيل شكوى").click()
    page.select_option("#id_channel", "phone")
    page.select_option("#id_category", str(benefits.pk))
    page.fill("#id_subject", "تأخر صرف المعاش")
    page.fill("#id_description", "اتصلت السيدة تسأل عن معاش هذا الشهر")
    page.fill("#id_contact_name", "أم سالم")
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_load_state()
    grievance = Grievance.objects.get()
    assert grievance.reference in page.get_by_role("heading", level=1).inner_text()
    assert grievance.level == "worker"

    # Seventy-three hours later the periodic job runs.
    assert services.grievances_escalate(now=timezone.now() + timedelta(hours=73)) == 1

    page.context.clear_cookies()
    browser_login(page, world.supervisor_sby.username, PASSWORD)
    page.locator(".main-nav").get_by_role("link", name="الشكاوى", exact=True).click()
    row = page.locator("tr", has=page.get_by_role("link", name=grievance.reference))
    assert "مشرف المكتب" in row.inner_text()
    row.get_by_role("link", name=grievance.reference).click()
    page.wait_for_load_state()
    history = page.locator("ol").inner_text()
    assert "رُفعت" in history and "إلى مشرف المكتب" in history
    screenshot(page, "grievance-escalated-ar")
