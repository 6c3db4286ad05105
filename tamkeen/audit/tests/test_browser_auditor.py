"""In Arabic, in a browser: Yasser the auditor finds who read a given member's file last month."""

from datetime import datetime, time, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tamkeen.core.audit import audit_bulk
from tamkeen.core.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _last_month() -> tuple:
    first_of_this = timezone.localdate().replace(day=1)
    last_of_previous = first_of_this - timedelta(days=1)
    return last_of_previous.replace(day=1), last_of_previous


def _read_at(actor, member, day, action="member.read"):
    at = timezone.make_aware(datetime.combine(day, time(10, 30)))
    with transaction.atomic():
        audit_bulk([AuditEvent(at=at, actor=actor, kind=AuditEvent.Kind.READ, action=action,
                               object_type="registry.member", object_id=str(member.pk), member_id=member.pk)])  # fmt: skip


def test_yasser_finds_who_read_a_members_file_last_month(world, browser_page, browser_login, screenshot):
    start, end = _last_month()
    world.worker_sby.first_name, world.worker_sby.last_name = "نورة", "الحربي"
    world.worker_sby.save(update_fields=["first_name", "last_name"])
    _read_at(world.worker_sby, world.head_sby, start + timedelta(days=9), action="case.read")
    _read_at(world.supervisor_frs, world.head_sby, start - timedelta(days=20))  # the month before
    _read_at(world.worker_frs, world.wife_sby, start + timedelta(days=9))  # another person
    world.auditor.set_password(PASSWORD)
    world.auditor.save(update_fields=["password"])

    page = browser_page
    browser_login(page, world.auditor.username, PASSWORD)
    page.get_by_role("link", name="سجل التدقيق").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="سجل التدقيق").is_visible()
    page.get_by_label("رقم هوية الشخص").fill(world.head_sby.national_id)
    page.get_by_label("النوع").select_option("read")
    page.get_by_label("من", exact=True).fill(start.isoformat())
    page.get_by_label("إلى", exact=True).fill(end.isoformat())
    page.get_by_role("button", name="بحث").click()
    page.wait_for_selector("main table")

    assert world.head_sby.national_id not in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "نورة الحربي" in rows.first.inner_text()
    assert "case.read" in rows.first.inner_text()
    screenshot(page, "audit-who-read-last-month-ar")

    # One click from the event: everyone who ever read this member's file.
    rows.first.get_by_role("link", name=f"من اطّلع على الفرد {world.head_sby.pk}").click()
    page.wait_for_selector("main table")
    readers = page.locator("main table tbody").inner_text()
    assert "نورة الحربي" in readers and world.supervisor_frs.username in readers
    assert world.worker_frs.username not in readers
