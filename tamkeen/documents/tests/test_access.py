"""Who may print which document: the record's own door decides, and everyone else gets 404."""

import pytest
from django.urls import reverse

from tamkeen.consent.models import Consent
from tamkeen.documents.models import IssuedDocument, Kind
from tamkeen.documents.tests.fixtures import documents_world

pytestmark = pytest.mark.django_db


def status(client, user, kind, key) -> int:
    client.force_login(user)
    return client.post(reverse("documents:issue", args=[kind, key])).status_code


def test_referral_letter_follows_the_referral(world, client):
    objects = documents_world(world)
    key = objects["referral"].public_id
    for user in (world.worker_sby, world.supervisor_sby, world.manager, world.partner_bank,
                 world.beneficiary_sby):  # fmt: skip
        assert status(client, user, Kind.REFERRAL_LETTER, key) == 200, user
    for user in (world.worker_frs, world.partner_trainer, world.beneficiary_wife, world.auditor,
                 world.organiser):  # fmt: skip
        assert status(client, user, Kind.REFERRAL_LETTER, key) == 404, user
    # A proposal was never sent: there is no letter, for anyone.
    assert status(client, world.worker_sby, Kind.REFERRAL_LETTER, objects["proposed"].public_id) == 404


def test_the_entity_loses_the_letter_when_the_consent_is_withdrawn(world, client):
    from django.utils import timezone

    key = documents_world(world)["referral"].public_id
    Consent.objects.filter(member=world.head_sby, entity=world.bank).update(withdrawn_at=timezone.now())
    assert status(client, world.partner_bank, Kind.REFERRAL_LETTER, key) == 404
    assert status(client, world.worker_sby, Kind.REFERRAL_LETTER, key) == 200


def test_exit_documents_follow_the_household_case(world, client):
    objects = documents_world(world)
    for kind, key in ((Kind.SANCTION_NOTICE, objects["sanction"].pk), (Kind.GRADUATION_CERTIFICATE, objects["graduation"].pk)):  # fmt: skip
        for user in (world.worker_sby, world.supervisor_sby, world.manager):
            assert status(client, user, kind, key) == 200, (kind, user)
        for user in (world.worker_frs, world.supervisor_frs, world.partner_trainer, world.beneficiary_sby):
            assert status(client, user, kind, key) == 404, (kind, user)
    # The kinds do not mix: a graduation is not printed as a sanction notice, nor the reverse.
    assert status(client, world.supervisor_sby, Kind.SANCTION_NOTICE, objects["graduation"].pk) == 404
    assert status(client, world.supervisor_sby, Kind.GRADUATION_CERTIFICATE, objects["sanction"].pk) == 404


def test_productive_family_certificate_follows_the_enterprise(world, client):
    key = documents_world(world)["certificate"].pk
    for user in (world.worker_sby, world.manager, world.beneficiary_wife, world.beneficiary_sby):
        assert status(client, user, Kind.PRODUCTIVE_FAMILY_CERTIFICATE, key) == 200, user
    for user in (world.worker_frs, world.partner_bank, world.auditor):
        assert status(client, user, Kind.PRODUCTIVE_FAMILY_CERTIFICATE, key) == 404, user


def test_year_figures_for_their_readers_only(world, client):
    for user in (world.manager, world.supervisor_frs):
        assert status(client, user, Kind.YEAR_FIGURES, "1447") == 200, user
    for user in (world.worker_sby, world.partner_trainer, world.beneficiary_sby, world.auditor):
        assert status(client, user, Kind.YEAR_FIGURES, "1447") == 404, user
    assert status(client, world.manager, Kind.YEAR_FIGURES, "99999") == 404
    assert status(client, world.manager, "no_such_kind", "1447") == 404
    assert IssuedDocument.objects.get(office=world.frs).reference == "1447"  # the supervisor's own office


def test_nothing_is_recorded_for_a_refusal_and_a_get_prints_nothing(world, client):
    key = documents_world(world)["referral"].public_id
    status(client, world.worker_frs, Kind.REFERRAL_LETTER, key)
    client.force_login(world.worker_sby)
    assert client.get(reverse("documents:issue", args=[Kind.REFERRAL_LETTER, key])).status_code == 405
    assert not IssuedDocument.objects.exists()
    client.logout()
    response = client.post(reverse("documents:issue", args=[Kind.REFERRAL_LETTER, key]))
    assert response.status_code == 302 and "login" in response.url


def test_the_register_is_the_supervisors_and_the_managers(world, client):
    for user, expected in ((world.supervisor_sby, 200), (world.manager, 200), (world.worker_sby, 403),
                           (world.beneficiary_sby, 403)):  # fmt: skip
        client.force_login(user)
        assert client.get(reverse("documents:register")).status_code == expected, user
