"""Fair matching for persons with disabilities, in Sabya office.

Fatima (wife_sby) uses a wheelchair. Nora (worker_sby) records what she needs once Fatima has consented; the matcher
then proposes her any course that meets the need, and says why — and never holds her disability alone against her.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from tamkeen.consent import services as consent_services
from tamkeen.consent.models import Category, Consent, Purpose
from tamkeen.consent.tests.factories import give_consent
from tamkeen.core.models import AuditEvent
from tamkeen.matching import services
from tamkeen.matching.accommodation import accommodation_need_record, accommodation_need_remove
from tamkeen.opportunities.eligibility import person_of
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral, Source, Status
from tamkeen.registry.models import ACCOMMODATION_CONSENT_PURPOSE, AccommodationNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def fatima(world):
    member = world.wife_sby
    member.disability = "physical"
    member.save(update_fields=["disability"])
    return member


def consent_to_needs(member, entity):
    return give_consent(
        member, entity, [Category.DISABILITY, Category.IDENTITY], purpose=Purpose.ACCOMMODATION
    )


def test_the_registry_names_the_consent_purpose_by_its_code():
    assert ACCOMMODATION_CONSENT_PURPOSE == Purpose.ACCOMMODATION


def test_needs_are_recorded_only_with_consent_by_staff_who_may_edit_the_member(world, fatima):
    with pytest.raises(ValidationError):
        accommodation_need_record(actor=world.worker_sby, member=fatima, kind="mobility")
    consent_to_needs(fatima, world.trainer)
    need = accommodation_need_record(
        actor=world.worker_sby, member=fatima, kind="mobility", what_helps="كرسي متحرك؛ تحتاج منحدرًا"
    )
    assert need.recorded_by == world.worker_sby
    event = AuditEvent.objects.get(action="registry.accommodation_need.record")
    assert event.member_id == fatima.pk and "منحدر" not in str(event.changes)  # her words stay in the record
    for outsider in (world.worker_frs, world.manager, world.partner_trainer, world.beneficiary_sby):
        with pytest.raises(PermissionDenied):
            accommodation_need_record(actor=outsider, member=fatima, kind="vision")
        with pytest.raises(PermissionDenied):
            accommodation_need_remove(actor=outsider, need=need)
    accommodation_need_remove(actor=world.supervisor_sby, need=need)
    assert not AccommodationNeed.objects.exists()
    assert AuditEvent.objects.filter(
        action="registry.accommodation_need.remove", member_id=fatima.pk
    ).exists()


def test_a_consent_to_needs_must_cover_disability_data(world, fatima):
    with pytest.raises(consent_services.ConsentError):
        consent_services.consent_record(
            actor=world.worker_sby,
            member=fatima,
            entity=world.trainer,
            purpose=Purpose.ACCOMMODATION,
            categories=[Category.IDENTITY],
            given_via=Consent.GivenVia.MEMBER,
        )


def test_withdrawing_consent_stops_the_needs_being_used(world, fatima):
    consent_to_needs(fatima, world.trainer)
    accommodation_need_record(actor=world.worker_sby, member=fatima, kind="mobility")
    assert person_of(fatima)["accommodation_needs"] == ["mobility"]
    latest = Consent.objects.get(member=fatima, purpose=Purpose.ACCOMMODATION)
    Consent.objects.create(
        member=fatima,
        entity=world.trainer,
        purpose=Purpose.ACCOMMODATION,
        categories=latest.categories,
        given_via=latest.given_via,
        given_at=timezone.now(),
        withdrawn_at=timezone.now(),
        supersedes=latest,
    )
    assert person_of(fatima)["accommodation_needs"] == []
    assert not AccommodationNeed.objects.usable().exists()


def test_the_member_page_section_is_for_staff_who_may_edit_the_member(world, fatima, client_for):
    consent_to_needs(fatima, world.trainer)
    url = reverse("registry:member", args=[fatima.pk])
    page = client_for(world.worker_sby).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Accommodation needs" in page
    assert reverse("matching:accommodation_record", args=[fatima.pk]) in page
    manager_page = client_for(world.manager).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert manager_page.status_code == 200
    assert "Accommodation needs" not in manager_page.content.decode()
    assert client_for(world.worker_frs).get(url).status_code == 404


def test_nora_records_and_removes_a_need_from_the_member_page(world, fatima, client_for):
    client = client_for(world.worker_sby)
    record = reverse("matching:accommodation_record", args=[fatima.pk])
    client.post(record, {"kind": "hearing", "what_helps": "مترجم لغة إشارة"})
    assert not AccommodationNeed.objects.exists()  # no consent yet: nothing written
    consent_to_needs(fatima, world.trainer)
    response = client.post(record, {"kind": "hearing", "what_helps": "مترجم لغة إشارة"})
    assert response.status_code == 302
    need = AccommodationNeed.objects.get(member=fatima)
    assert need.kind == "hearing" and need.what_helps == "مترجم لغة إشارة"
    page = client.get(reverse("registry:member", args=[fatima.pk])).content.decode()
    assert "مترجم لغة إشارة" in page
    client.post(reverse("matching:accommodation_remove", args=[fatima.pk, need.pk]))
    assert not AccommodationNeed.objects.exists()
    assert client_for(world.worker_frs).post(record, {"kind": "vision"}).status_code == 404


def test_fatima_reads_in_the_portal_which_course_lacks_what_she_needs(world, fatima, client_for):
    consent_to_needs(fatima, world.trainer)
    accommodation_need_record(actor=world.worker_sby, member=fatima, kind="hearing")
    make_opportunity(world.trainer, gender="F", title_ar="دورة التسويق الرقمي")
    make_opportunity(
        world.trainer, gender="F", title_ar="دورة التصميم", accessibility_features=["sign_language"]
    )
    page = client_for(world.beneficiary_wife).get(reverse("portal:opportunities")).content.decode()
    why_not = page[page.index("دورة التسويق الرقمي") :]
    assert "يحتاج إلى ترجمة بلغة الإشارة" in why_not
    assert "يحتاج إلى ترجمة بلغة الإشارة" not in page[page.index("دورة التصميم") :][:300]


def _run(world):
    run = services.match_run_create(actor=world.supervisor_sby, office=world.sby)
    return services.match_run_execute(run=run)


def _proposed_for(member):
    return Referral.objects.filter(member=member, source=Source.MATCHER, status=Status.PROPOSED)


def test_a_disability_without_a_recorded_need_excludes_nothing(world, fatima):
    course = make_opportunity(world.trainer, gender="F", is_disability_friendly=False)
    _run(world)
    assert _proposed_for(fatima).get().opportunity == course


def test_an_unmet_need_excludes_and_a_met_one_does_not(world, fatima):
    consent_to_needs(fatima, world.trainer)
    accommodation_need_record(actor=world.worker_sby, member=fatima, kind="mobility")
    make_opportunity(world.trainer, gender="F", title_ar="دورة في الدور الثاني")
    _run(world)
    assert not _proposed_for(fatima).exists()

    accessible = make_opportunity(
        world.trainer, gender="F", accessibility_features=["step_free_access", "accessible_toilets"]
    )
    _run(world)
    proposal = _proposed_for(fatima).get()
    assert proposal.opportunity == accessible
    with translation.override("en"):
        rows = services.component_rows(proposal)
    disability = next(r for r in rows if r["name"] == "disability")
    assert "Mobility" in disability["text"]


def test_an_online_course_meets_a_mobility_need(world, fatima):
    consent_to_needs(fatima, world.trainer)
    accommodation_need_record(actor=world.worker_sby, member=fatima, kind="mobility")
    online = make_opportunity(world.trainer, gender="F", mode="online", governorate=None)
    _run(world)
    assert _proposed_for(fatima).get().opportunity == online


def test_the_opportunity_page_names_the_gap_and_asks_staff_to_check_a_need_in_words(
    world, fatima, client_for
):
    consent_to_needs(fatima, world.trainer)
    accommodation_need_record(actor=world.worker_sby, member=fatima, kind="vision")
    accommodation_need_record(
        actor=world.worker_sby, member=fatima, kind="other", what_helps="استراحة كل ساعة"
    )
    course = make_opportunity(world.trainer, gender="F", accessibility_features=["flexible_hours"])
    url = reverse("opportunities:detail", args=[course.code]) + f"?member={fatima.pk}"
    page = client_for(world.worker_sby).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Needs screen-reader-friendly materials" in page
    assert "استراحة كل ساعة" in page
