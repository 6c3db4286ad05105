"""The administrator keeps the configuration; domain records change only through their services, audited."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from tamkeen.core.admin_site import AuditedAdminMixin, ReadOnlyRecordMixin, is_configuration
from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superadmin(world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save(update_fields=["is_staff", "is_superuser"])
    return world.admin


@pytest.fixture
def verified_outcome(world):
    from tamkeen.outcomes.services import outcome_report, outcome_verify

    outcome = outcome_report(
        actor=world.worker_sby, member=world.head_sby, kind="hired", date=date(2025, 3, 1), entity=world.employer,
        wage=4500,
    )  # fmt: skip
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    outcome.refresh_from_db()
    assert outcome.is_verified
    return outcome


def test_the_admin_cannot_delete_a_verified_outcome(client, superadmin, verified_outcome):
    from tamkeen.outcomes.models import Outcome

    client.force_login(superadmin)
    delete_url = reverse("admin:outcomes_outcome_delete", args=[verified_outcome.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:outcomes_outcome_changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [verified_outcome.pk], "post": "yes"}
    )
    assert Outcome.objects.filter(pk=verified_outcome.pk).exists()
    change_url = reverse("admin:outcomes_outcome_change", args=[verified_outcome.pk])
    assert client.post(change_url, {"verification_status": "refuted"}).status_code == 403


def test_opening_a_persons_record_in_the_admin_is_an_audited_read(client, superadmin, verified_outcome):
    client.force_login(superadmin)
    response = client.get(reverse("admin:outcomes_outcome_change", args=[verified_outcome.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        actor=superadmin,
        kind="read",
        member_id=verified_outcome.member_id,
        object_id=str(verified_outcome.pk),
    ).exists()


def test_a_change_in_the_admin_leaves_an_audit_record(client, superadmin, world):
    client.force_login(superadmin)
    office = world.sby
    url = reverse("admin:geography_office_change", args=[office.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = value
    data["name_en"] = "Sabya social security office"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = AuditEvent.objects.get(action="admin.geography.office.change", object_id=str(office.pk))
    assert event.actor == superadmin
    assert event.changes["name_en"][1] == "Sabya social security office"


def test_a_delete_in_the_admin_leaves_an_audit_record(client, superadmin, world):
    from tamkeen.geography.models import Region

    client.force_login(superadmin)
    spare = Region.objects.create(code="SA-99", name_ar="منطقة تجريبية", name_en="Spare")
    response = client.post(reverse("admin:geography_region_delete", args=[spare.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Region.objects.filter(pk=spare.pk).exists()
    assert AuditEvent.objects.filter(action="admin.geography.region.delete", object_id=str(spare.pk)).exists()


def test_every_admin_page_is_audited_and_only_configuration_is_editable(rf, superadmin):
    request = rf.get("/")
    request.user = superadmin
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model
        if not is_configuration(model):
            assert isinstance(model_admin, ReadOnlyRecordMixin), model
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model


def test_setting_a_password_in_the_admin_is_audited(client, superadmin, world):
    client.force_login(superadmin)
    url = reverse("admin:auth_user_password_change", args=[world.worker_sby.pk])
    password = "a-Long-and-unusual-passphrase-42"
    response = client.post(url, {"password1": password, "password2": password, "usable_password": "true"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    event = AuditEvent.objects.get(action="admin.accounts.user.password_change")
    assert (event.actor, event.object_id) == (superadmin, str(world.worker_sby.pk))
    assert password not in str(event.changes)


def test_the_administrator_edits_exactly_the_configuration_the_apps_mark():
    editable = {model._meta.label_lower for model in admin.site._registry if is_configuration(model)}
    assert editable == {
        "accounts.user",
        "auth.group",
        "geography.region",
        "geography.governorate",
        "geography.office",
        "assessments.instrument",
        "assessments.section",
        "outcomes.countingrule",
        "enterprises.approvedactivity",
        "partners.entity",
        "reports.target",
        "privacy.retentionrule",
    }
