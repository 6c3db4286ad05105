"""Hind publishes and edits her institute's courses; Nora browses the catalogue for Muhammad."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tamkeen.geography.models import Governorate
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.services import opportunity_create, opportunity_update
from tamkeen.opportunities.tests.factories import make_opportunity

pytestmark = pytest.mark.django_db


def test_hind_publishes_through_the_form(world, client_for):
    client = client_for(world.partner_trainer)
    response = client.post(
        "/opportunities/new/",
        {
            "track": "training",
            "kind": "course",
            "title_ar": "دورة المحاسبة المالية",
            "governorate": Governorate.objects.get(code="SAB").pk,
            "mode": "in_person",
            "capacity": "20",
            "status": "open",
            "nationality": "citizen",
            "min_age": "18",
            "max_age": "35",
            "starts_on": "1448/06/01",
            "is_free": "on",
            "accessibility_features": ["sign_language", "step_free_access"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    opportunity = Opportunity.objects.get(title_ar="دورة المحاسبة المالية")
    assert opportunity.entity == world.trainer and opportunity.code == f"OPP-{opportunity.pk:06d}"
    assert opportunity.starts_on.year == 2026
    assert opportunity.accessibility_features == ["step_free_access", "sign_language"]
    page = client.get(f"/opportunities/{opportunity.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign-language interpretation" in page


def test_an_unknown_accessibility_feature_is_refused(world):
    course = make_opportunity(world.trainer)
    with pytest.raises(ValidationError):
        opportunity_update(
            actor=world.partner_trainer, opportunity=course, accessibility_features=["teleport"]
        )


def test_capacity_cannot_drop_below_seats_taken(world):
    course = make_opportunity(world.trainer, capacity=5, seats_taken=3)
    with pytest.raises(ValidationError):
        opportunity_update(actor=world.partner_trainer, opportunity=course, capacity=2)
    opportunity_update(actor=world.partner_trainer, opportunity=course, capacity=3)
    course.refresh_from_db()
    assert course.capacity == 3


def test_only_the_own_entity_edits(world):
    course = make_opportunity(world.trainer)
    with pytest.raises(PermissionDenied):
        opportunity_update(actor=world.partner_employer, opportunity=course, title_ar="x")
    with pytest.raises(PermissionDenied):
        opportunity_create(actor=world.worker_sby, title_ar="x", capacity=1, track="training", kind="course")


def test_nora_filters_the_catalogue_for_muhammad(world, client_for):
    make_opportunity(world.trainer, title_ar="دورة للرجال", gender="M")
    make_opportunity(world.trainer, title_ar="دورة للنساء", gender="F")
    make_opportunity(world.trainer, title_ar="دورة ممتلئة", capacity=1, seats_taken=1)
    client = client_for(world.worker_sby)
    page = client.get(f"/opportunities/?member={world.head_sby.pk}&eligible=1&has_seats=on").content.decode()
    assert "دورة للرجال" in page
    assert "دورة للنساء" not in page
    assert "دورة ممتلئة" not in page
    page = client.get(f"/opportunities/?member={world.head_sby.pk}").content.decode()
    assert "دورة للنساء" in page


def test_muhammad_sees_which_offers_he_qualifies_for(world, client_for):
    make_opportunity(world.trainer, title_ar="دورة للنساء", gender="F")
    page = client_for(world.beneficiary_sby).get("/opportunities/?eligible=1").content.decode()
    assert "دورة للنساء" not in page
    assert "/referrals/member/" not in page  # members do not refer themselves
