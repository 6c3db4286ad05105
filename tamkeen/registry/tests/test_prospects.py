"""Nora (worker_sby) meets Salma at the forum: no social-security file yet. Salma is recorded as a prospect,
invited, referred once she consents, and linked when her file appears."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referrals
from tamkeen.referrals.services import ConsentMissing
from tamkeen.registry import services
from tamkeen.registry.access import households_visible_to
from tamkeen.registry.models import Household, RecordChange
from tests.personas import next_national_id

pytestmark = pytest.mark.django_db


def salma(world):
    head = {
        "national_id": next_national_id(), "first_name": "سلمى", "father_name": "علي", "grandfather_name": "",
        "family_name": "العمري", "name_key": "سلمي علي العمري", "gender": "F", "birth_date": date(1996, 4, 2),
        "phone": "+966551234567",
    }  # fmt: skip
    return services.household_create(
        actor=world.worker_sby,
        office=world.sby,
        household_values={"file_number": "", "governorate_id": world.household_sby.governorate_id},
        head_values=head,
        reason="التقيناها في الملتقى",
    )


def test_two_prospects_have_no_file_number_and_never_collide(world):
    first, second = salma(world), None
    second = services.household_create(
        actor=world.worker_sby, office=world.sby,
        household_values={"file_number": "", "governorate_id": world.household_sby.governorate_id},
        head_values={"national_id": next_national_id(), "first_name": "هند", "family_name": "الشهري",
                     "name_key": "هند الشهري", "gender": "F", "birth_date": date(1999, 1, 1)},
    )  # fmt: skip
    assert first.is_prospect and second.is_prospect and first.file_number == second.file_number == ""
    assert set(households_visible_to(world.worker_sby).filter(is_prospect=True)) == {first, second}
    assert not households_visible_to(world.worker_frs).filter(pk=first.pk).exists()


def test_the_database_keeps_the_flag_and_the_number_in_step(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=world.household_sby.pk).update(is_prospect=True)
    prospect = salma(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=prospect.pk).update(
            file_number=world.household_sby.file_number, is_prospect=False
        )


def test_a_prospect_is_referred_only_once_consent_exists(world):
    prospect = salma(world)
    member = prospect.members.get()
    course = make_opportunity(world.trainer, capacity=3)
    referral = referrals.referral_propose(actor=world.worker_sby, member=member, opportunity=course)
    with pytest.raises(ConsentMissing):
        referrals.referral_send(actor=world.worker_sby, referral=referral)
    give_consent(member, world.trainer)
    assert referrals.referral_send(actor=world.worker_sby, referral=referral).status == "sent"


def test_a_prospect_can_be_invited_to_an_appointment(world):
    from tamkeen.appointments.services import appointment_invite

    member = salma(world).members.get()
    appointment = appointment_invite(
        actor=world.worker_sby, member=member, kind="call", starts_at=timezone.now() + timedelta(days=2)
    )
    assert appointment.office == world.sby


def test_when_her_file_appears_the_household_takes_its_number_and_keeps_its_history(world, client_for):
    prospect = salma(world)
    with pytest.raises(ValidationError):
        services.household_assign_file(
            actor=world.worker_sby, household=prospect, file_number=world.household_sby.file_number
        )
    with pytest.raises(ValidationError):
        services.household_assign_file(
            actor=world.worker_sby, household=world.household_sby, file_number="400777"
        )
    client = client_for(world.worker_sby)
    response = client.post(
        reverse("registry:household_assign_file", args=[prospect.pk]), {"file_number": "٤٠٠٧٧٧"}
    )
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.file_number == "400777" and not prospect.is_prospect
    assert RecordChange.objects.filter(household=prospect, changes__file_number=["", "400777"]).exists()
    # Farasan's staff cannot link Sabya's prospect.
    other = salma_like = services.household_create(
        actor=world.worker_sby, office=world.sby,
        household_values={"file_number": "", "governorate_id": world.household_sby.governorate_id},
        head_values={"national_id": next_national_id(), "first_name": "منى", "family_name": "الفيفي",
                     "name_key": "مني الفيفي", "gender": "F", "birth_date": date(1990, 1, 1)},
    )  # fmt: skip
    frs = client_for(world.worker_frs)
    assert (
        frs.post(
            reverse("registry:household_assign_file", args=[other.pk]), {"file_number": "400888"}
        ).status_code
        == 404
    )
    salma_like.refresh_from_db()
    assert salma_like.is_prospect


def test_the_add_form_records_a_prospect_without_a_number(world, client_for):
    client = client_for(world.worker_sby)
    response = client.post(
        reverse("registry:household_add"),
        {
            "household-is_prospect": "on", "household-file_number": "", "household-governorate": "SAB",
            "head-national_id": next_national_id(), "head-first_name": "سلمى", "head-family_name": "العمري",
            "head-gender": "F", "head-birth_date": "1996-04-02", "head-disability": "none",
            "head-employment_status": "unemployed", "head-phone": "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    household = Household.objects.get(is_prospect=True)
    assert household.file_number == "" and household.members.get().first_name == "سلمى"
    without = client.post(
        reverse("registry:household_add"), {"household-file_number": "", "household-governorate": "SAB"}
    )
    assert without.status_code == 200 and Household.objects.filter(is_prospect=True).count() == 1
