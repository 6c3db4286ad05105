"""Abdulrahman invites Hind's colleague Reem to the institute's account; Reem chooses her password from the
link in her e-mail, and the link then works no more."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tamkeen.accounts.models import User
from tamkeen.core.models import AuditEvent
from tamkeen.notifications.models import Message
from tamkeen.partners.models import StaffInvitation

pytestmark = pytest.mark.django_db

PASSWORD = "institute-reem-2026"


def _invite(client, entity, email="Reem@Institute.example.sa"):
    return client.post(f"/partners/{entity.code}/invite/", {"email": email, "first_name": "ريم"})


def _link(email="reem@institute.example.sa") -> str:
    message = Message.objects.filter(event="partners.staff_invitation", to_address=email).latest("pk")
    return re.search(r"https?://\S+/partners/invitations/\S+/", message.body).group(0)


def test_an_invited_person_chooses_a_password_and_works_for_that_entity_only(world, client_for, client):
    response = _invite(client_for(world.manager), world.trainer)
    assert response.status_code == 302
    invitation = StaffInvitation.objects.get()
    reem = invitation.user
    assert (reem.username, reem.role, reem.entity, reem.is_active) == (
        "reem@institute.example.sa",
        "partner",
        world.trainer,
        False,
    )
    assert not reem.has_usable_password()
    message = Message.objects.get(event="partners.staff_invitation")
    assert message.channel == "email" and message.user == reem and message.is_required
    assert AuditEvent.objects.get(action="entity.staff_invite").actor == world.manager
    link = _link()
    assert invitation.token_hash not in link  # only the hash is stored; the link carries the token

    page = client.get(link)
    assert page.status_code == 200 and "reem@institute.example.sa" in page.content.decode()
    weak = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and not User.objects.get(pk=reem.pk).is_active
    done = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302 and done.url == "/accounts/login/"
    reem.refresh_from_db()
    assert reem.is_active and reem.check_password(PASSWORD)
    assert AuditEvent.objects.get(action="entity.staff_join").actor == reem

    assert client.login(username=reem.username, password=PASSWORD)
    assert client.get(f"/partners/{world.trainer.code}/").status_code == 200
    assert client.get(f"/partners/{world.employer.code}/").status_code == 404

    client.logout()
    again = client.get(link)
    assert again.status_code == 410 and "استُخدمت" in again.content.decode()
    assert (
        client.post(link, {"new_password1": "x-" + PASSWORD, "new_password2": "x-" + PASSWORD}).status_code
        == 410
    )
    reem.refresh_from_db()
    assert reem.check_password(PASSWORD)


def test_expired_unknown_and_replaced_links_are_refused_clearly(world, client_for, client):
    manager = client_for(world.manager)
    _invite(manager, world.trainer)
    first = _link()
    _invite(manager, world.trainer)  # sent again: the first link stops working
    second = _link()
    assert first != second
    replaced = client.get(first)
    assert replaced.status_code == 410 and "أحدث" in replaced.content.decode()
    StaffInvitation.objects.filter(accepted_at__isnull=True, cancelled_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expired = client.get(second)
    assert expired.status_code == 410 and "انتهت صلاحية" in expired.content.decode()
    assert client.post(second, {"new_password1": PASSWORD, "new_password2": PASSWORD}).status_code == 410
    assert not User.objects.get(username="reem@institute.example.sa").is_active
    assert client.get("/partners/invitations/not-a-token/").status_code == 404


def test_an_existing_account_and_a_suspended_entity_cannot_be_invited(world, client_for):
    manager = client_for(world.manager)
    world.partner_employer.email = "saad@employer.example.sa"
    world.partner_employer.save(update_fields=["email"])
    response = _invite(manager, world.trainer, email="saad@employer.example.sa")
    assert response.status_code == 200 and "يوجد حساب" in response.content.decode()
    world.trainer.is_active = False
    world.trainer.save(update_fields=["is_active"])
    response = _invite(manager, world.trainer)
    assert response.status_code == 200 and not StaffInvitation.objects.exists()


@pytest.mark.parametrize("persona", ["worker_sby", "partner_trainer", "beneficiary_sby"])
def test_only_managers_and_administrators_invite(world, client_for, persona):
    assert _invite(client_for(world.users[persona]), world.trainer).status_code == 403
    assert not StaffInvitation.objects.exists()
