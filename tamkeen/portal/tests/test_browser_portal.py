"""On a 360-px phone in Arabic: Muhammad signs in with the code from the outbox, says he is interested in a
course, confirms the office interview Nora invited him to, files a grievance and withdraws a consent. Nora, his
case worker, sees each of these; when the grievance's time passes it is escalated to Khalid, her supervisor;
and every message of the story is in the outbox with its status."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.appointments.models import Appointment
from tamkeen.appointments.services import appointment_invite
from tamkeen.consent.services import consent_record
from tamkeen.grievances.models import Grievance
from tamkeen.grievances.services import grievances_escalate
from tamkeen.grievances.tests.fixtures import category
from tamkeen.notifications.models import Message
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


def code_from(outbox) -> str:
    line = json.loads(outbox.read_text(encoding="utf-8").splitlines()[-1])
    assert line["to"] == "+966501234567"
    return re.search(r"\d{6}", line["body"]).group(0)


def statuses(event: str) -> set[tuple[str, str]]:
    """(channel, status) of every outbox row of one event."""
    return set(Message.objects.filter(event=event).values_list("channel", "status"))


def test_a_member_signs_in_acts_and_is_heard(world, phone_page, browser_login, screenshot, outbox):
    course = make_opportunity(world.trainer, title_ar="دورة المبيعات")
    consent_record(
        actor=world.beneficiary_sby, member=world.head_sby, entity=world.bank, categories=["identity"]
    )
    benefits = category(hours=72)
    world.supervisor_sby.email = "khalid@sabya.example"  # the escalation notice goes to him by e-mail
    world.supervisor_sby.save(update_fields=["email"])
    interview = appointment_invite(
        actor=world.worker_sby,
        member=world.head_sby,
        kind=Appointment.Kind.OFFICE,
        starts_at=timezone.now() + timedelta(days=2),
        place="مكتب الضمان في صبيا",
    )
    page = phone_page

    # He signs in with the code the SMS brought (typed in Arabic-Indic digits).
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

    # He is interested in a course.
    page.click("nav.portal-nav >> text=الفرص")
    card = page.locator(f"#opportunity-{course.code}")
    assert "في محافظتك" in card.inner_text()
    card.get_by_role("button", name="أنا مهتم").click()
    page.wait_for_selector(".message-success")
    assert page.locator(f"#opportunity-{course.code} .badge-ok").is_visible()
    screenshot(page, "portal-interest-ar-360")

    # He confirms the office interview.
    page.click("nav.portal-nav >> text=مواعيدي")
    assert page.locator('nav.portal-nav a[aria-current="page"]').inner_text() == "مواعيدي"
    assert "مكتب الضمان في صبيا" in page.locator("main").inner_text()
    page.get_by_role("button", name="سأحضر").click()
    page.wait_for_selector(".message-success")
    assert "تم تأكيد موعدك" in page.locator(".messages").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "portal-appointment-confirmed-ar-360")

    # He files a grievance.
    page.click("nav.portal-nav >> text=شكاواي")
    page.locator("main").get_by_role("link", name="تقديم شكوى").click()
    page.select_option("#id_category", str(benefits.pk))
    page.fill("#id_subject", "تأخر صرف المعاش")
    page.fill("#id_description", "لم يصلني معاش هذا الشهر حتى الآن")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".message-success")
    grievance = Grievance.objects.get(member=world.head_sby)
    assert grievance.reference in page.locator(".messages").inner_text()
    assert page.locator("nav.portal-nav").is_visible(), "the grievance's page is part of the portal"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "portal-grievance-filed-ar-360")

    # He withdraws his consent to the bank.
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

    # Seventy-three hours pass with no answer: the periodic job escalates the grievance to the supervisor.
    assert grievances_escalate(now=timezone.now() + timedelta(hours=73)) == 1
    grievance.refresh_from_db()
    assert (grievance.level, grievance.assigned_to) == ("supervisor", world.supervisor_sby)

    # Nora sees each of these.
    referral = Referral.objects.get(member=world.head_sby, opportunity=course)
    assert referral.status == "proposed"
    world.worker_sby.set_password(PASSWORD)
    world.worker_sby.save(update_fields=["password"])
    staff_page = page.context.browser.new_page(base_url=page.url.split("/portal")[0], locale="ar-SA")
    browser_login(staff_page, world.worker_sby.username, PASSWORD)
    staff_page.goto("/referrals/")
    assert referral.public_id in staff_page.content()
    staff_page.goto(f"/appointments/{interview.pk}/")
    assert "مؤكَّد" in staff_page.locator("dl.facts").inner_text()
    staff_page.goto("/grievances/")
    row = staff_page.locator("tr", has=staff_page.get_by_role("link", name=grievance.reference))
    assert "مشرف المكتب" in row.inner_text()
    staff_page.goto(f"/consent/member/{world.head_sby.pk}/")
    assert staff_page.locator(".badge-danger").count() >= 1
    staff_page.goto("/messages/")
    assert "portal.sign_in_code" in staff_page.content()
    staff_page.close()

    # Every message of the story is in the outbox with its status: SMS and e-mail sent by the worker, in-app
    # delivered as soon as written. Interest, confirmation and withdrawal tell nobody: the office sees them.
    member_sms_and_app = {("sms", "sent"), ("in_app", "delivered")}
    assert statuses("portal.sign_in_code") == {("sms", "sent")}
    assert statuses("appointment.invited") == member_sms_and_app
    assert statuses("grievance.received") == member_sms_and_app
    assert statuses("grievance.delayed") == member_sms_and_app
    assert statuses("grievance.overdue") == {("email", "sent")}
    assert Message.objects.get(event="grievance.overdue").user == world.supervisor_sby
    assert not Message.objects.exclude(status__in=["sent", "delivered"]).exists()
    sms = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert sum(grievance.reference in line["body"] for line in sms) == 2, "received, then delayed"
