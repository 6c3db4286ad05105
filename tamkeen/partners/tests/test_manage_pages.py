"""Abdulrahman, the regional manager, keeps Jazan's entities in order on his own pages, not in the admin."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tamkeen.core.models import AuditEvent
from tamkeen.geography.models import Governorate, Region
from tamkeen.partners.models import Entity

pytestmark = pytest.mark.django_db


def _new_entity_form(**overrides):
    data = {
        "code": "TRN-JZN",
        "name_ar": "أكاديمية جازان للمهارات",
        "name_en": "Jazan Skills Academy",
        "kind": "training_provider",
        "governorates": [Governorate.objects.get(code="SAB").pk],
        "response_days": "10",
        "sectors": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
    }
    data.update(overrides)
    return data


def test_the_manager_creates_an_entity_of_his_region_and_it_is_audited(world, client_for):
    client = client_for(world.manager)
    assert client.get("/partners/new/").status_code == 200
    response = client.post("/partners/new/", _new_entity_form(code="trn-jzn"))
    assert response.status_code == 302 and response.url == "/partners/TRN-JZN/agreements/new/"
    entity = Entity.objects.get(code="TRN-JZN")
    assert entity.region == world.region and entity.is_active and entity.response_days == 10
    assert list(entity.governorates.values_list("code", flat=True)) == ["SAB"]
    event = AuditEvent.objects.get(action="entity.create")
    assert event.actor == world.manager and event.changes["code"] == [None, "TRN-JZN"]


def test_the_entity_form_explains_its_errors_in_arabic(world, client_for):
    client = client_for(world.manager)
    other_region = Governorate.objects.exclude(region=world.region).first()
    response = client.post(
        "/partners/new/",
        _new_entity_form(code=world.trainer.code, response_days="0", name_ar=""),
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    page = response.content.decode()
    assert response.status_code == 200 and not AuditEvent.objects.filter(action="entity.create").exists()
    assert "هذا الحقل مطلوب" in page  # the Arabic name
    assert "موجود" in page  # the code is taken
    assert "1" in page and "قيمة" in page  # the answer time must be at least 1
    if other_region is not None:
        response = client.post("/partners/new/", _new_entity_form(governorates=[other_region.pk]))
        assert response.status_code == 200 and not Entity.objects.filter(code="TRN-JZN").exists()


def test_the_manager_edits_names_kind_governorates_and_answer_time(world, client_for):
    client = client_for(world.manager)
    assert client.get(f"/partners/{world.trainer.code}/edit/").status_code == 200
    data = _new_entity_form(
        name_ar="معهد المستقبل",
        kind="non_profit",
        governorates=[Governorate.objects.get(code="FAR").pk],
        response_days="7",
    )
    response = client.post(f"/partners/{world.trainer.code}/edit/", data)
    assert response.status_code == 302
    world.trainer.refresh_from_db()
    assert (world.trainer.name_ar, world.trainer.kind, world.trainer.response_days) == (
        "معهد المستقبل",
        "non_profit",
        7,
    )
    assert world.trainer.code == "TRN-DEMO"  # the code is not editable
    event = AuditEvent.objects.get(action="entity.update")
    assert event.changes["response_days"] == [14, 7] and event.changes["governorates"][1] == ["FAR"]


def test_agreements_are_added_with_their_dates_and_ended_early(world, client_for):
    client = client_for(world.admin)
    url = f"/partners/{world.trainer.code}/agreements/new/"
    today = timezone.localdate()
    bad = client.post(url, {"reference": "MoU-1", "starts_on": "2026-05-01", "ends_on": "2026-01-01"})
    assert bad.status_code == 200 and not world.trainer.agreements.exists()
    starts, ends = today - timedelta(days=30), today + timedelta(days=400)
    response = client.post(url, {"reference": "MoU-1", "starts_on": starts, "ends_on": ends, "note": ""})
    assert response.status_code == 302
    agreement = world.trainer.agreements.get()
    world.trainer.refresh_from_db()
    assert world.trainer.agreement_end == ends
    page = client.get("/partners/?agreement=valid").content.decode()
    assert world.trainer.code in page and world.employer.code not in page
    response = client.post(f"/partners/{world.trainer.code}/agreements/{agreement.pk}/end/")
    assert response.status_code == 302
    world.trainer.refresh_from_db()
    assert world.trainer.agreement_end == today
    assert AuditEvent.objects.get(action="agreement.end").changes["ends_on"] == [
        ends.isoformat(),
        today.isoformat(),
    ]
    assert world.trainer.code in client.get("/partners/?agreement=expiring").content.decode()


def test_the_manager_suspends_with_a_reason_and_reinstates(world, client_for):
    client = client_for(world.manager)
    url = f"/partners/{world.trainer.code}/suspend/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is required
    world.trainer.refresh_from_db()
    assert world.trainer.is_active
    response = client.post(url, {"reason": "لم تلتزم الجهة بالاتفاقية"})
    assert response.status_code == 302
    world.trainer.refresh_from_db()
    assert not world.trainer.is_active
    page = client.get("/partners/?status=suspended").content.decode()
    assert world.trainer.code in page and world.employer.code not in page
    assert client.post(f"/partners/{world.trainer.code}/reinstate/").status_code == 302
    world.trainer.refresh_from_db()
    assert world.trainer.is_active
    assert AuditEvent.objects.filter(action__in=["entity.suspend", "entity.reinstate"]).count() == 2


@pytest.mark.parametrize("persona", ["worker_sby", "supervisor_sby", "partner_trainer", "organiser"])
def test_other_staff_may_not_manage_entities(world, client_for, persona):
    client = client_for(world.users[persona])
    code = world.trainer.code
    assert client.get("/partners/new/").status_code == 403
    assert client.get(f"/partners/{code}/edit/").status_code == 403
    assert client.post(f"/partners/{code}/suspend/", {"reason": "x"}).status_code == 403
    assert client.post(f"/partners/{code}/reinstate/").status_code == 403
    world.trainer.refresh_from_db()
    assert world.trainer.is_active
    page = client.get(f"/partners/{code}/").content.decode()
    assert f"/partners/{code}/edit/" not in page


def test_beneficiaries_may_not_and_a_manager_of_another_region_gets_404(world, client_for):
    assert client_for(world.beneficiary_sby).get("/partners/new/").status_code == 403
    other = Region.objects.exclude(pk=world.region.pk).first()
    if other is None:
        other = Region.objects.create(code="SA-01", name_ar="الرياض")
    world.manager.region = other
    world.manager.save(update_fields=["region"])
    client = client_for(world.manager)
    assert client.get(f"/partners/{world.trainer.code}/edit/").status_code == 404
    assert client.post(f"/partners/{world.trainer.code}/suspend/", {"reason": "x"}).status_code == 404
    assert client.get("/partners/new/").status_code == 200  # entities of his own region


def test_the_directory_filters_by_status_and_agreement(world, client_for):
    Entity.objects.filter(pk=world.bank.pk).update(
        agreement_start=date(2020, 1, 1), agreement_end=date(2021, 1, 1)
    )
    client = client_for(world.worker_sby)
    page = client.get("/partners/?agreement=expired").content.decode()
    assert world.bank.code in page and world.trainer.code not in page
    page = client.get("/partners/?agreement=none&status=active").content.decode()
    assert world.trainer.code in page and world.bank.code not in page
    assert "/partners/new/" not in client.get("/partners/").content.decode()


def test_the_django_admin_only_shows_entities(world, client_for):
    client = client_for(world.admin)
    assert client.get("/admin/partners/entity/").status_code == 200
    assert client.get("/admin/partners/entity/add/").status_code == 403
    response = client.post(
        f"/admin/partners/entity/{world.trainer.pk}/change/", {"code": world.trainer.code, "name_ar": "x"}
    )
    world.trainer.refresh_from_db()
    assert world.trainer.name_ar != "x"
    assert response.status_code in (200, 403)
