"""Saad works for the employer. When the regional manager suspends it, Saad's open session ends at his next
request and his password no longer signs him in; when it is reinstated, he signs in again."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tamkeen.partners.services import entity_reinstate, entity_suspend

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def saad(world):
    world.partner_employer.set_password(PASSWORD)
    world.partner_employer.save(update_fields=["password"])
    return world.partner_employer


def signs_in(user) -> bool:
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    return client.session.get("_auth_user_id") == str(user.pk)


def test_suspension_ends_the_entitys_staff_sessions_and_sign_ins(world, saad):
    inbox = reverse("referrals:inbox")
    open_session, hind = Client(), Client()
    open_session.force_login(saad)
    hind.force_login(world.partner_trainer)
    assert open_session.get(inbox).status_code == 200
    assert signs_in(saad)

    with transaction.atomic():
        entity_suspend(actor=world.manager, entity=world.employer, reason="agreement breached")

    assert open_session.get(inbox).status_code == 302  # back to sign-in: the session no longer has a user
    assert not signs_in(saad)
    assert hind.get(inbox).status_code == 200  # another entity's staff are untouched

    with transaction.atomic():
        entity_reinstate(actor=world.manager, entity=world.employer)
    assert signs_in(saad)
