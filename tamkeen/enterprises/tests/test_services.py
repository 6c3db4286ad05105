"""Nora (case worker, Sabya) keeps the productive-family record of Fatima's home kitchen."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tamkeen.core.models import AuditEvent
from tamkeen.enterprises import selectors, services
from tamkeen.enterprises.models import Certificate, Sale
from tamkeen.enterprises.tasks import send_certificate_renewal_reminders
from tamkeen.enterprises.tests.factories import activity, make_enterprise
from tamkeen.notifications.models import Message
from tamkeen.outcomes.models import Outcome

pytestmark = pytest.mark.django_db


def test_nora_records_fatimas_enterprise_and_it_is_audited(world):
    enterprise = services.enterprise_create(
        actor=world.worker_sby,
        household=world.household_sby,
        owner=world.wife_sby,
        activity=activity("incense"),
        name=" بخور فاطمة ",
    )
    assert enterprise.name == "بخور فاطمة"
    assert AuditEvent.objects.filter(action="enterprise.create", member_id=world.wife_sby.pk).exists()


def test_farasan_worker_cannot_record_an_enterprise_for_a_sabya_family(world):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(
            actor=world.worker_frs,
            household=world.household_sby,
            owner=world.wife_sby,
            activity=activity(),
            name="x",
        )


def test_the_person_running_it_must_belong_to_the_household(world):
    with pytest.raises(services.EnterpriseError):
        services.enterprise_create(
            actor=world.worker_sby,
            household=world.household_sby,
            owner=world.head_frs,
            activity=activity(),
            name="x",
        )


def test_an_inactive_activity_cannot_be_chosen(world):
    retired = activity("beauty")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    with pytest.raises(services.EnterpriseError):
        services.enterprise_create(
            actor=world.worker_sby,
            household=world.household_sby,
            owner=world.wife_sby,
            activity=retired,
            name="x",
        )


def test_a_certificate_is_valid_three_years_and_reports_an_economic_outcome(world):
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    certificate = services.certificate_issue(
        actor=world.worker_sby, enterprise=enterprise, number="PF-1", issued_on=date(2025, 3, 1)
    )
    assert certificate.expires_on == date(2028, 3, 1)
    outcome = Outcome.objects.get(member=world.wife_sby, kind="productive_family_certificate")
    assert outcome.date == date(2025, 3, 1)
    assert outcome.verification_status == "reported"  # counted once verified
    with pytest.raises(services.EnterpriseError):
        services.certificate_issue(
            actor=world.worker_sby, enterprise=enterprise, number="PF-1", issued_on=date(2025, 3, 1)
        )


def test_a_financing_decision_reports_a_financed_project(world):
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    financing = services.financing_record(
        actor=world.worker_sby,
        enterprise=enterprise,
        body=world.bank,
        amount=Decimal("20000"),
        decided_on=date(2025, 5, 4),
    )
    outcome = Outcome.objects.get(member=world.wife_sby, kind="project_financed")
    assert outcome.financing_body == world.bank and outcome.amount == Decimal("20000")
    services.financing_set_repayment(
        actor=world.supervisor_sby, financing=financing, repayment_status="repaid"
    )
    with pytest.raises(services.EnterpriseError):
        services.financing_set_repayment(
            actor=world.supervisor_sby, financing=financing, repayment_status="late"
        )
    with pytest.raises(services.EnterpriseError):
        services.financing_record(
            actor=world.worker_sby,
            enterprise=enterprise,
            body=world.bank,
            amount=Decimal(0),
            decided_on=date(2025, 5, 4),
        )


def test_a_freelance_document_is_an_economic_outcome_once(world):
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    for _ in range(2):
        services.enterprise_set_documents(
            actor=world.worker_sby,
            enterprise=enterprise,
            freelance_document="FL-1234",
            freelance_document_date=date(2025, 7, 1),
        )
    assert Outcome.objects.filter(member=world.wife_sby, kind="freelance_document").count() == 1
    with pytest.raises(services.EnterpriseError):
        services.enterprise_set_documents(
            actor=world.worker_sby, enterprise=enterprise, commercial_registration="7"
        )


def test_monthly_income_comes_from_the_sales(world):
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    for amount in ("600", "600"):
        services.sale_record(
            actor=world.worker_sby,
            enterprise=enterprise,
            sold_on=last_month,
            channel="online",
            amount=Decimal(amount),
        )
    assert selectors.enterprise_monthly_income(enterprise, today=today, months=6) == Decimal("200.00")
    with pytest.raises(services.EnterpriseError):
        services.sale_record(
            actor=world.worker_sby,
            enterprise=enterprise,
            sold_on=today + timedelta(days=1),
            channel="online",
            amount=Decimal(5),
        )
    with pytest.raises(services.EnterpriseError):
        services.sale_record(
            actor=world.worker_sby, enterprise=enterprise, sold_on=today, channel="barter", amount=Decimal(5)
        )
    with pytest.raises(PermissionDenied):
        services.sale_record(
            actor=world.partner_bank,
            enterprise=enterprise,
            sold_on=today,
            channel="online",
            amount=Decimal(5),
        )
    assert Sale.objects.filter(enterprise=enterprise).count() == 2


def test_a_product_has_a_price(world):
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    product = services.product_add(
        actor=world.worker_sby, enterprise=enterprise, name="معمول", price=Decimal("45")
    )
    assert product.price == Decimal("45")
    with pytest.raises(services.EnterpriseError):
        services.product_add(actor=world.worker_sby, enterprise=enterprise, name="x", price=Decimal("-1"))


def test_the_case_worker_is_reminded_once_before_the_certificate_lapses(world):
    world.worker_sby.email = "nora@example.org"
    world.worker_sby.save(update_fields=["email"])
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    today = timezone.localdate()
    Certificate.objects.create(
        enterprise=enterprise,
        number="OLD",
        issued_on=today - timedelta(days=1070),
        expires_on=today + timedelta(days=25),
    )
    Certificate.objects.create(
        enterprise=make_enterprise(world.household_sby, world.wife_sby),
        number="NEW",
        issued_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=1000),
    )
    assert [c.number for c in selectors.certificates_due_for_renewal(today=today)] == ["OLD"]
    assert send_certificate_renewal_reminders.call() == 1
    notice = Message.objects.get(event="enterprise.certificate_renewal")
    assert (notice.user, notice.to_address, notice.channel) == (world.worker_sby, "nora@example.org", "email")
    assert "OLD" in notice.body
    assert Message.objects.filter(
        event="enterprise.certificate_renewal_member", member=world.wife_sby
    ).exists()
    assert send_certificate_renewal_reminders.call() == 0


def test_the_activities_come_from_the_data_file(db):
    assert services.activities_load() >= 9
    assert activity("jazan_coffee").name_ar == "بن جازاني"


def test_nora_reaches_the_new_enterprise_form_by_file_number(world, client_for):
    from django.urls import reverse

    client = client_for(world.worker_sby)
    response = client.get(reverse("enterprises:start"), {"file": "400100"})
    assert response.url == reverse("enterprises:create", kwargs={"household_pk": world.household_sby.pk})
    refused = client.get(reverse("enterprises:start"), {"file": "500200"})
    assert refused.status_code == 200  # Farasan's file is not hers: asked again, nothing revealed
    created = client.post(
        response.url,
        {
            "owner": world.wife_sby.pk,
            "activity": activity("honey").pk,
            "name": "عسل فاطمة",
            "started_on": "1446/01/01",
        },
    )
    assert created.status_code == 302
    detail = client.get(created.url)
    assert "عسل فاطمة" in detail.content.decode()


def test_the_supervisor_updates_a_repayment_from_the_page(world, client_for):
    from django.urls import reverse

    from tamkeen.enterprises.models import Financing

    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    financing = Financing.objects.create(
        enterprise=enterprise, body=world.bank, amount=5000, decided_on=date(2025, 1, 1)
    )
    url = reverse(
        "enterprises:financing_repayment", kwargs={"pk": enterprise.pk, "financing_pk": financing.pk}
    )
    client_for(world.supervisor_sby).post(url, {"repayment_status": "late"})
    financing.refresh_from_db()
    assert financing.repayment_status == "late"
