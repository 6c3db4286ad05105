"""Muhammad uses his portal; Yahya, of a Farasan household, uses his and sees nothing of Muhammad's."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from tamkeen.accounts.models import Role, User
from tamkeen.cases import services as case_services
from tamkeen.consent.models import Consent
from tamkeen.consent.services import consent_record
from tamkeen.notifications.services import notify
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.privacy.services import member_data_export_request
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.models import Referral, Source
from tamkeen.referrals.services import referral_propose

pytestmark = pytest.mark.django_db


def approved_plan(world, member):
    plan = case_services.plan_create(
        actor=world.worker_sby, member=member, track="training", goals="وظيفة في التجزئة"
    )
    case_services.plan_action_add(
        actor=world.worker_sby,
        plan=plan,
        description="حضور دورة خدمة العملاء",
        owner="member",
        due_date=timezone.localdate() + timedelta(days=10),
    )
    case_services.plan_submit(actor=world.worker_sby, plan=plan)
    return case_services.plan_approve(actor=world.supervisor_sby, plan=plan)


def test_home_shows_my_plan_my_household_and_my_case_worker(world, client):
    approved_plan(world, world.head_sby)
    client.force_login(world.beneficiary_sby)
    page = client.get("/portal/").content.decode()
    assert "حضور دورة خدمة العملاء" in page and "وظيفة في التجزئة" in page
    assert world.household_sby.file_number in page
    # The registry's policy: of the household's members, a beneficiary sees only themself.
    assert world.wife_sby.full_name not in page and world.son_sby.full_name not in page
    assert world.worker_sby.first_name in page


def test_interest_is_a_proposal_the_case_worker_sees(world, client):
    course = make_opportunity(world.trainer, title_ar="دورة المبيعات")
    client.force_login(world.beneficiary_sby)
    page = client.get("/portal/opportunities/").content.decode()
    assert "دورة المبيعات" in page and "في محافظتك" in page
    assert client.post(f"/portal/opportunities/{course.code}/interest/").status_code == 302
    referral = Referral.objects.get(member=world.head_sby, opportunity=course)
    assert (referral.status, referral.source) == ("proposed", Source.MEMBER)
    assert referrals_visible_to(world.worker_sby).filter(pk=referral.pk).exists()
    assert not referrals_visible_to(world.partner_trainer).filter(pk=referral.pk).exists()
    client.force_login(world.worker_sby)
    assert referral.public_id in client.get("/referrals/").content.decode()
    # A second click changes nothing: one open proposal per opportunity.
    client.force_login(world.beneficiary_sby)
    client.post(f"/portal/opportunities/{course.code}/interest/")
    assert Referral.objects.filter(member=world.head_sby, opportunity=course).count() == 1


def test_a_member_cannot_propose_for_someone_else(world):
    from django.core.exceptions import PermissionDenied

    course = make_opportunity(world.trainer)
    with pytest.raises(PermissionDenied):
        referral_propose(
            actor=world.beneficiary_sby, member=world.wife_sby, opportunity=course, source=Source.MEMBER
        )


def test_a_member_gives_and_withdraws_a_consent(world, client):
    client.force_login(world.beneficiary_sby)
    response = client.post(
        "/portal/consents/give/",
        {"entity": world.trainer.pk, "purpose": "referral", "categories": ["identity", "contact"]},
    )
    assert response.status_code == 302
    response = client.post("/portal/consents/withdraw/", {"entity": world.trainer.pk, "purpose": "referral"})
    assert response.status_code == 302
    latest = Consent.objects.filter(member=world.head_sby).latest("pk")
    assert latest.is_withdrawal and latest.recorded_by == world.beneficiary_sby
    client.force_login(world.worker_sby)
    assert "badge-danger" in client.get(f"/consent/member/{world.head_sby.pk}/").content.decode()


def test_language_opt_out_and_in_app_messages(world, client):
    client.force_login(world.beneficiary_sby)
    client.post("/portal/preferences/", {"language": "en", "is_opted_out": ""})
    notify(
        event="plan.approved",
        member=world.head_sby,
        context={"track": "training", "due": timezone.localdate()},
    )
    page = client.get("/portal/messages/").content.decode()
    assert "Your empowerment plan (training) was approved." in page
    assert "unread" not in client.get("/portal/messages/").content.decode().split("<main")[1]
    client.post("/portal/preferences/", {"language": "ar", "is_opted_out": "on"})
    assert notify(event="plan.approved", member=world.head_sby, context={}) == []


def portal_url_names() -> set[str]:
    resolver = next(r for r in get_resolver().url_patterns if getattr(r, "namespace", None) == "portal")
    return {f"portal:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}


def test_a_second_households_member_sees_nothing_of_the_first(world, client):
    """Every portal URL, as Yahya of Farasan, while Muhammad's household has a plan, a referral, a consent and
    messages: none of it shows."""
    yahya = User.objects.create(username="beneficiary_frs", role=Role.BENEFICIARY)
    world.head_frs.user = yahya
    world.head_frs.save(update_fields=["user"])
    approved_plan(world, world.head_sby)
    course = make_opportunity(world.trainer, title_ar="دورة المبيعات")
    referral = referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)
    consent_record(
        actor=world.beneficiary_sby, member=world.head_sby, entity=world.bank, categories=["identity"]
    )
    notify(event="plan.approved", member=world.head_sby, context={"track": "training"})
    export = member_data_export_request(actor=world.beneficiary_sby, member=world.head_sby)
    first_household = [
        world.head_sby.full_name,
        world.wife_sby.full_name,
        world.household_sby.file_number,
        referral.public_id,
        "حضور دورة خدمة العملاء",
        "اعتُمدت خطة تمكينك",
    ]
    client.force_login(yahya)
    requests = {
        "portal:home": ("get", {}, {}, 200),
        "portal:login": ("get", {}, {}, 302),
        "portal:opportunities": ("get", {}, {}, 200),
        "portal:interest": ("post", {"code": course.code}, {}, 302),
        "portal:referrals": ("get", {}, {}, 200),
        "portal:consents": ("get", {}, {}, 200),
        "portal:consent_give": ("post", {}, {}, 400),
        "portal:consent_withdraw": ("post", {}, {"entity": world.bank.pk, "purpose": "referral"}, 302),
        "portal:my_data": ("get", {}, {}, 200),
        "portal:my_data_export": ("post", {}, {}, 302),
        "portal:my_data_download": ("get", {"public_id": export.public_id}, {}, 404),
        "portal:my_data_correction": ("post", {}, {}, 400),
        "portal:mobile": ("get", {}, {}, 200),
        "portal:preferences": ("get", {}, {}, 200),
        "portal:messages": ("get", {}, {}, 200),
        "portal:invite": ("get", {"member_pk": world.head_sby.pk}, {}, 403),
        "portal:mobile_wrong": ("get", {"member_pk": world.head_sby.pk}, {}, 403),
        "portal:oidc_start": ("get", {"name": "sso"}, {}, 404),
        "portal:oidc_callback": ("get", {"name": "sso"}, {}, 404),
        "portal:service_worker": ("get", {}, {}, 200),
        "portal:manifest": ("get", {}, {}, 200),
        "portal:offline": ("get", {}, {}, 200),
        "portal:logout": ("post", {}, {}, 302),
    }
    assert set(requests) == portal_url_names(), "every portal URL is requested"
    for name, (method, kwargs, data, expected) in requests.items():
        response = getattr(client, method)(reverse(name, kwargs=kwargs or None), data)
        assert response.status_code == expected, name
        body = response.content.decode()
        leaked = [text for text in first_household if text in body]
        assert not leaked, f"{name} shows {leaked}"
        if name == "portal:logout":
            client.force_login(yahya)
    # Yahya's interest is his own proposal; Muhammad's consent to the bank is untouched by his withdraw attempt.
    assert Referral.objects.filter(member=world.head_frs, opportunity=course, source=Source.MEMBER).exists()
    assert not Consent.objects.filter(member=world.head_sby).latest("pk").is_withdrawal


def test_appointments_and_grievances_are_part_of_the_portal(world, client):
    """The member's appointments and grievances live in their apps but look and navigate like the portal;
    staff still see those apps' pages in the office layout."""
    client.force_login(world.beneficiary_sby)
    for name in ("appointments:mine", "grievances:mine", "grievances:file"):
        page = client.get(reverse(name)).content.decode()
        assert 'class="portal"' in page and 'class="portal-nav"' in page, name
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("appointments:mine")}"' in home and f'href="{reverse("grievances:mine")}"' in home
    mine = client.get(reverse("appointments:mine")).content.decode()
    assert f'<a href="{reverse("appointments:mine")}" aria-current="page">' in mine
    client.force_login(world.worker_sby)
    assert 'class="portal-nav"' not in client.get(reverse("grievances:queue")).content.decode()
