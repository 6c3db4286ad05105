"""Nora (worker_sby) assesses members of Sabya office; Fatima (worker_frs) of Farasan cannot."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation

from tamkeen.assessments import access, services
from tamkeen.assessments.models import Answer, Assessment, Instrument, Item, Section
from tamkeen.core.models import AuditEvent

from .helpers import answer_everything, complete_assessment

pytestmark = pytest.mark.django_db


def test_the_default_instrument_is_loaded_with_six_dimensions_three_tracks_and_the_core_skills():
    instrument = Instrument.objects.get(code="tamkeen-core", version=1, is_active=True)
    sections = instrument.sections.all()
    assert {s.dimension for s in sections if s.kind == "dimension"} == {
        "psychological",
        "community",
        "organisational",
        "economic",
        "social",
        "cultural",
    }
    assert {s.track for s in sections if s.kind == "readiness"} == {
        "training",
        "employment",
        "entrepreneurship",
    }
    skills = set(
        Item.objects.filter(section__instrument=instrument)
        .exclude(core_skill="")
        .values_list("core_skill", flat=True)
    )
    assert skills == {"self_positivity", "self_control", "decision_making"}
    assert not Item.objects.filter(section__instrument=instrument, wording_ar="").exists()


def test_nora_completes_an_assessment_and_gets_a_reasoned_recommendation(world):
    assessment = complete_assessment(world.worker_sby, world.head_sby)
    assert assessment.is_completed
    assert set(assessment.dimension_scores) == {
        "psychological",
        "community",
        "organisational",
        "economic",
        "social",
        "cultural",
    }
    # Every answer is 4, so reverse-scored statements count 2 and some dimensions fall below 4.
    assert all(1 <= v <= 5 for v in assessment.dimension_scores.values())
    assert assessment.recommended_track == "employment"
    codes = {r["code"] for r in assessment.recommendation_reasons}
    assert {"education", "capacity", "readiness", "no_caregiver"} <= codes
    from django.utils import translation

    from tamkeen.assessments.selectors import recommendation_text

    with translation.override("en"):
        text = recommendation_text(assessment)
    assert text.startswith("Employment: Secondary education, able to work, readiness ")
    assert "no caregiver duty" in text
    assert AuditEvent.objects.filter(action="assessment.complete", member_id=world.head_sby.pk).exists()


def test_an_unfinished_assessment_is_resumed_not_duplicated(world):
    first = services.assessment_start(actor=world.worker_sby, member=world.wife_sby)
    section = Section.objects.filter(instrument=first.instrument).first()
    item = section.items.first()
    services.assessment_save_section(
        actor=world.worker_sby, assessment=first, section=section, answers={item.pk: 3}
    )
    again = services.assessment_start(actor=world.supervisor_sby, member=world.wife_sby)
    assert again.pk == first.pk
    assert Answer.objects.get(assessment=first, item=item).value == 3
    from tamkeen.assessments.selectors import first_unfinished_step

    assert first_unfinished_step(first) == 1


def test_completing_needs_half_of_every_section_and_the_work_capacity(world):
    assessment = services.assessment_start(actor=world.worker_sby, member=world.wife_sby)
    with pytest.raises(services.AssessmentError):
        services.assessment_complete(actor=world.worker_sby, assessment=assessment)
    answer_everything(world.worker_sby, assessment)
    services.assessment_record_capacity(
        actor=world.worker_sby,
        assessment=assessment,
        work_capacity="",
        is_exempt_student=False,
        is_exempt_caregiver=False,
    )
    with translation.override("en"), pytest.raises(services.AssessmentError, match="work capacity"):
        services.assessment_complete(actor=world.worker_sby, assessment=assessment)


def test_a_completed_assessment_cannot_be_changed(world):
    assessment = complete_assessment(world.worker_sby, world.head_sby)
    section = assessment.instrument.sections.first()
    with pytest.raises(services.AssessmentError):
        services.assessment_save_section(
            actor=world.worker_sby,
            assessment=assessment,
            section=section,
            answers={section.items.first().pk: 1},
        )


def test_fatima_of_farasan_cannot_assess_a_sabya_member_and_the_manager_only_reads(world):
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=world.worker_frs, member=world.head_sby)
    with pytest.raises(Http404):
        access.access_member(world.worker_frs, world.head_sby.pk)
    assert access.access_member(world.manager, world.head_sby.pk) == world.head_sby
    with pytest.raises(PermissionDenied):
        access.access_member_for_assessment(world.manager, world.head_sby.pk)
    assert access.access_member_for_assessment(world.supervisor_sby, world.head_sby.pk) == world.head_sby
    with pytest.raises(Http404):
        access.access_member(world.partner_employer, world.head_sby.pk)
    assessment = services.assessment_start(actor=world.worker_sby, member=world.wife_sby)
    with pytest.raises(PermissionDenied):
        access.access_assessment_for_entry(world.manager, assessment.pk)
    with pytest.raises(Http404):
        access.access_assessment(world.worker_frs, assessment.pk)
    assert access.access_assessment_for_entry(world.worker_sby, assessment.pk) == assessment


def test_overriding_the_recommendation_needs_a_reason_which_is_recorded(world):
    assessment = complete_assessment(world.worker_sby, world.head_sby)
    with pytest.raises(services.AssessmentError):
        services.assessment_decide_track(
            actor=world.worker_sby, assessment=assessment, track="entrepreneurship"
        )
    services.assessment_decide_track(
        actor=world.worker_sby,
        assessment=assessment,
        track="entrepreneurship",
        reason="يملك ورشة نجارة منزلية",
    )
    assessment.refresh_from_db()
    assert assessment.is_overridden and assessment.override_reason == "يملك ورشة نجارة منزلية"
    event = AuditEvent.objects.get(action="assessment.track_override")
    assert event.reason == "يملك ورشة نجارة منزلية"
    # The database refuses an override without a reason even if a service forgot.
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(override_reason="")


def test_a_used_instrument_is_frozen_and_a_new_version_supersedes_it(world):
    instrument = Instrument.objects.get(code="tamkeen-core", is_active=True)
    services.instrument_check_editable(instrument)
    complete_assessment(world.worker_sby, world.head_sby)
    with pytest.raises(services.AssessmentError):
        services.instrument_check_editable(instrument)
    with pytest.raises(PermissionDenied):
        services.instrument_new_version(actor=world.worker_sby, instrument=instrument)
    new = services.instrument_new_version(actor=world.admin, instrument=instrument)
    instrument.refresh_from_db()
    assert new.version == 2 and new.supersedes == instrument and not instrument.is_active
    assert new.sections.count() == instrument.sections.count()
    assert services.current_instrument() == new
    # New assessments use the new version; the old ones keep theirs.
    assert services.assessment_start(actor=world.worker_sby, member=world.wife_sby).instrument == new
    with pytest.raises(services.AssessmentError):
        services.instrument_new_version(actor=world.admin, instrument=instrument)


def test_the_admin_refuses_to_edit_a_used_instrument(world, rf):
    from django.contrib.admin.sites import site

    instrument = Instrument.objects.get(code="tamkeen-core", is_active=True)
    model_admin = site._registry[Instrument]
    request = rf.get("/")
    request.user = world.admin
    assert model_admin.has_change_permission(request, instrument)
    complete_assessment(world.worker_sby, world.head_sby)
    assert not model_admin.has_change_permission(request, instrument)
    assert not model_admin.has_delete_permission(request, instrument)
    section_admin = site._registry[Section]
    assert not section_admin.has_change_permission(request, instrument.sections.first())


def test_the_history_page_draws_baseline_and_latest_in_svg_and_a_table(world, client_for):
    complete_assessment(world.worker_sby, world.head_sby, value_for=lambda item: 2)
    complete_assessment(world.worker_sby, world.head_sby, value_for=lambda item: 5)
    response = client_for(world.worker_sby).get(f"/assessments/member/{world.head_sby.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    # In Arabic the bars grow from the right: the latest 5 fills the scale, the baseline 2 its right two fifths.
    assert '<rect x="0.0" y="1" width="100.0"' in html and '<rect x="60.0" y="11" width="40.0"' in html
    # Coordinates are never localised (an Arabic decimal comma would make the SVG invalid).
    import re

    assert all("," not in value for value in re.findall(r'(?:x|width)="([^"]*)"', html))
    assert "<table" in html and "+" in html  # a positive change is shown with its sign
    assert "style=" not in html


def test_each_tap_is_saved_as_it_is_made_with_htmx_and_the_screen_resumes_with_it(world, client_for):
    assessment = services.assessment_start(actor=world.worker_sby, member=world.wife_sby)
    section = assessment.instrument.sections.order_by("order").first()
    item = section.items.order_by("order").first()
    client = client_for(world.worker_sby)
    url = f"/assessments/{assessment.pk}/section/1/"
    response = client.post(url, {f"item_{item.pk}": "2"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode() and "error" not in response.content.decode()
    assert Answer.objects.get(assessment=assessment, item=item).value == 2
    page = client.get(url).content.decode()
    assert f'name="item_{item.pk}" value="2"' in page and "checked" in page
    refused = client.post(url, {f"item_{item.pk}": "9"}, headers={"HX-Request": "true"})
    assert 'class="error"' in refused.content.decode()
    assert Answer.objects.get(assessment=assessment, item=item).value == 2
