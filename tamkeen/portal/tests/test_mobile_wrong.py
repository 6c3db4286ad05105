"""Nora learns that the roll's mobile of Muhammad reaches a stranger: from his page she marks it as wrong, after
a confirmation; the mark is audited and codes stop going there. Staff of another office, the manager who only
reads, partners and beneficiaries cannot."""

import pytest
from django.urls import reverse

from tamkeen.core.models import AuditEvent
from tamkeen.notifications.selectors import member_mobile

pytestmark = pytest.mark.django_db


def test_nora_marks_the_rolls_mobile_wrong_then_right_again(world, client_for):
    client = client_for(world.worker_sby)
    url = reverse("portal:mobile_wrong", args=[world.head_sby.pk])
    member_page = client.get(reverse("registry:member", args=[world.head_sby.pk])).content.decode()
    assert url in member_page and "تحديد جوال السجل بأنه خاطئ" in member_page
    confirmation = client.get(url)
    assert confirmation.status_code == 200 and world.head_sby.phone in confirmation.content.decode()
    assert member_mobile(world.head_sby) == world.head_sby.phone, "a GET changes nothing"

    response = client.post(url, {"is_wrong": "1"})
    assert response.url == reverse("registry:member", args=[world.head_sby.pk])
    assert member_mobile(world.head_sby) == ""
    event = AuditEvent.objects.get(action="member.registry_mobile_mark_wrong")
    assert (event.actor, event.member_id) == (world.worker_sby, world.head_sby.pk)
    assert event.changes == {"is_registry_mobile_wrong": [False, True]}
    member_page = client.get(reverse("registry:member", args=[world.head_sby.pk])).content.decode()
    assert "جوال السجل محدد بأنه خاطئ" in member_page

    client.post(url, {"is_wrong": "0"})
    assert member_mobile(world.head_sby) == world.head_sby.phone
    assert AuditEvent.objects.filter(action="member.registry_mobile_mark_wrong").count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker_frs", 404),
        ("supervisor_frs", 404),
        ("manager", 403),
        ("partner_bank", 403),
        ("beneficiary_sby", 403),
    ],
)
def test_others_may_not(world, client_for, persona, status):
    client = client_for(getattr(world, persona))
    url = reverse("portal:mobile_wrong", args=[world.head_sby.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"is_wrong": "1"}).status_code == status
    assert member_mobile(world.head_sby) == world.head_sby.phone
    assert not AuditEvent.objects.filter(action="member.registry_mobile_mark_wrong").exists()


def test_the_manager_sees_the_member_page_without_the_button(world, client_for):
    page = client_for(world.manager).get(reverse("registry:member", args=[world.head_sby.pk]))
    assert page.status_code == 200
    assert reverse("portal:mobile_wrong", args=[world.head_sby.pk]) not in page.content.decode()
