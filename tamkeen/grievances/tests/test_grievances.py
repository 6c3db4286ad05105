"""Muhammad (beneficiary_sby) complains; Nora (worker_sby) holds it, then Khalid (supervisor_sby), then the
regional manager, as the clock passes the category's time. Farasan's staff never see Sabya's grievances."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tamkeen.core.models import AuditEvent
from tamkeen.grievances import access, selectors, services
from tamkeen.grievances.models import Grievance, GrievanceEvent
from tamkeen.grievances.tests.fixtures import SMS_AND_PORTAL, category, sub_category, told
from tests.personas import make_user

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(datetime(2026, 12, 1, 9, 0))


def from_portal(world, *, now=T0, anonymous=False, cat=None):
    return services.grievance_file(
        actor=world.beneficiary_sby,
        channel="portal",
        category=cat or sub_category(category()),
        subject="تأخر صرف المعاش",
        description="لم يصرف معاش هذا الشهر",
        is_anonymous=anonymous,
        now=now,
    )


def test_muhammad_files_from_the_portal_and_his_case_worker_holds_it_with_the_categorys_time(world):
    grievance = from_portal(world)
    assert grievance.member == world.head_sby and grievance.office == world.sby
    assert grievance.assigned_to == world.worker_sby and grievance.level == "worker"
    # The sub-category takes its parent's time: 72 hours.
    assert grievance.due_at == T0 + timedelta(hours=72)
    assert told("grievance.received", member=world.head_sby) == SMS_AND_PORTAL
    assert AuditEvent.objects.filter(action="grievance.file", member_id=world.head_sby.pk).exists()


def test_farasan_staff_and_another_household_never_see_it(world, client_for):
    grievance = from_portal(world)
    yahya = make_user("beneficiary_frs", "beneficiary")
    world.head_frs.user = yahya
    world.head_frs.save(update_fields=["user"])
    for outsider in (world.worker_frs, world.supervisor_frs, yahya, world.partner_employer):
        with pytest.raises(Http404):
            access.access_grievance(outsider, grievance.pk)
    assert client_for(yahya).get(reverse("grievances:detail", args=[grievance.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.grievance_answer(actor=world.worker_frs, grievance=grievance, answer="تم")


def test_an_anonymous_grievance_hides_the_person_from_the_office_but_the_answer_reaches_them(
    world, client_for
):
    grievance = from_portal(world, anonymous=True)
    assert grievance.member is None and grievance.filed_by == world.beneficiary_sby
    page = (
        client_for(world.worker_sby).get(reverse("grievances:detail", args=[grievance.pk])).content.decode()
    )
    assert world.head_sby.first_name not in page
    services.grievance_answer(actor=world.worker_sby, grievance=grievance, answer="تم الصرف اليوم")
    assert told("grievance.answered", user=world.beneficiary_sby) == ["in_app"]
    # Nothing in the office's message log ties the answer to Muhammad's record.
    assert told("grievance.answered", member=world.head_sby) == []
    mine = client_for(world.beneficiary_sby).get(reverse("grievances:mine")).content.decode()
    assert grievance.reference in mine


def test_nora_records_an_anonymous_phone_call_with_nobody_to_answer(world):
    grievance = services.grievance_file(
        actor=world.worker_sby,
        channel="phone",
        category=category(),
        subject="سوء تعامل",
        description="اتصل شخص دون ذكر اسمه",
        is_anonymous=True,
        contact_name="سيُحذف",
        now=T0,
    )
    assert grievance.contact_name == "" and grievance.recorded_by == world.worker_sby
    assert grievance.assigned_to is None
    services.grievance_answer(actor=world.worker_sby, grievance=grievance, answer="أُحيل للمشرف")
    grievance.refresh_from_db()
    assert grievance.status == "answered"


def test_a_grievance_escalates_to_the_supervisor_then_the_manager_as_the_clock_passes(world):
    world.supervisor_sby.email = "khalid@sabya.example"
    world.supervisor_sby.save(update_fields=["email"])
    grievance = from_portal(world)
    assert services.grievances_escalate(now=T0 + timedelta(hours=71, minutes=59)) == 0
    assert services.grievances_escalate(now=T0 + timedelta(hours=72)) == 1
    grievance.refresh_from_db()
    assert grievance.level == "supervisor" and grievance.assigned_to == world.supervisor_sby
    assert told("grievance.overdue", user=world.supervisor_sby) == ["email"]
    assert told("grievance.delayed", member=world.head_sby) == SMS_AND_PORTAL
    # Held by the supervisor now: the worker may no longer answer.
    with pytest.raises(PermissionDenied):
        services.grievance_answer(actor=world.worker_sby, grievance=grievance, answer="تم")
    assert services.grievances_escalate(now=T0 + timedelta(hours=72 + 47)) == 0
    assert services.grievances_escalate(now=T0 + timedelta(hours=72 + 48)) == 1
    grievance.refresh_from_db()
    assert grievance.level == "manager" and grievance.assigned_to == world.manager
    assert list(grievance.events.filter(kind="escalated").values_list("to_level", flat=True)) == [
        "supervisor",
        "manager",
    ]
    # The person is told once that it is late, not at every step.
    assert told("grievance.delayed", member=world.head_sby) == SMS_AND_PORTAL
    with pytest.raises(PermissionDenied):
        services.grievance_answer(actor=world.supervisor_sby, grievance=grievance, answer="تم")
    services.grievance_answer(
        actor=world.manager, grievance=grievance, answer="صُرف المعاش", now=T0 + timedelta(days=6)
    )
    grievance.refresh_from_db()
    assert grievance.sla_state(T0 + timedelta(days=30)) == "answered_late"
    assert told("grievance.answered", member=world.head_sby) == SMS_AND_PORTAL


def test_an_answered_grievance_is_never_escalated(world):
    grievance = from_portal(world)
    services.grievance_answer(
        actor=world.worker_sby, grievance=grievance, answer="تم", now=T0 + timedelta(hours=1)
    )
    assert services.grievances_escalate(now=T0 + timedelta(days=30)) == 0
    assert not GrievanceEvent.objects.filter(grievance=grievance, kind="escalated").exists()


def test_a_new_time_applies_from_its_date_and_never_to_grievances_already_received(world):
    benefits = category()
    before = from_portal(world, now=T0)
    today = date(2026, 12, 1)
    with pytest.raises(services.GrievanceError):
        services.service_level_set(
            actor=world.manager, category=benefits, hours=24, manager_hours=24,
            effective_from=today - timedelta(days=1), today=today,
        )  # fmt: skip
    # An office supervisor sets no times; Hessa (national manager) reads them and sets none either.
    for reader in (world.supervisor_sby, world.manager_national):
        with pytest.raises(PermissionDenied):
            services.service_level_set(
                actor=reader, category=benefits, hours=24, manager_hours=24,
                effective_from=today + timedelta(days=1), today=today,
            )  # fmt: skip
    services.service_level_set(
        actor=world.manager, category=benefits, hours=24, manager_hours=24,
        effective_from=today + timedelta(days=1), today=today,
    )  # fmt: skip
    after = from_portal(world, now=T0 + timedelta(days=2))
    before.refresh_from_db()
    assert before.due_at == T0 + timedelta(hours=72)
    assert after.due_at == T0 + timedelta(days=2, hours=24)


def test_closing_without_an_answer_needs_a_reason(world):
    grievance = from_portal(world)
    with pytest.raises(services.GrievanceError):
        services.grievance_close(actor=world.worker_sby, grievance=grievance)
    services.grievance_close(actor=world.worker_sby, grievance=grievance, note="مكررة")
    grievance.refresh_from_db()
    assert grievance.status == Grievance.Status.CLOSED


def test_figures_count_open_and_answered_in_time_by_category_and_office_and_export_inertly(world, client_for):
    cat = category()
    cat.name_ar = "=HYPERLINK(1)"
    cat.save(update_fields=["name_ar"])
    in_time = from_portal(world, now=T0, cat=cat)
    services.grievance_answer(
        actor=world.worker_sby, grievance=in_time, answer="تم", now=T0 + timedelta(hours=2)
    )
    late = from_portal(world, now=T0, cat=cat)
    services.grievance_answer(
        actor=world.worker_sby, grievance=late, answer="تم", now=T0 + timedelta(hours=80)
    )
    from_portal(world, now=T0, cat=cat)
    rows = selectors.figures(
        access.grievances_visible_to(world.manager),
        date(2026, 11, 1),
        date(2026, 12, 31),
        now=T0 + timedelta(days=9),
    )
    assert [
        (r.office, r.category, r.received, r.open, r.breached_open, r.answered, r.answered_in_time)
        for r in rows
    ] == [(world.sby, cat, 3, 1, 1, 2, 1)]
    assert rows[0].in_time_share == 50
    assert (
        selectors.figures(
            access.grievances_visible_to(world.supervisor_frs), date(2026, 11, 1), date(2026, 12, 31)
        )
        == []
    )
    response = client_for(world.manager).get(
        reverse("grievances:figures_export") + "?start=2026-11-01&end=2026-12-31"
    )
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text


def test_the_dashboard_shows_the_grievance_panel(world, client_for):
    from_portal(world, now=timezone.now())
    page = client_for(world.supervisor_sby).get(reverse("reports:dashboard")).content.decode()
    assert reverse("grievances:figures") + "?start=" in page
