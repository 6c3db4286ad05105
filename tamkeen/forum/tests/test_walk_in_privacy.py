"""Amal registers walk-in visitors at the forum door. Whatever national ID a visitor types, she learns nothing
about whom it belongs to: a known ID and an unknown one get the same answer, and the link to the member's file
is made on the server."""

import re

from django.urls import reverse

from tamkeen.forum.models import Registration
from tamkeen.forum.tests.factories import make_forum
from tests.personas import next_national_id


def _walk_in(client, event, national_id: str, name: str = "زائر الملتقى"):
    response = client.post(
        reverse("forum:walk_in", args=[event.pk]), {"name": name, "national_id": national_id}, follow=True
    )
    assert response.status_code == 200
    return response


def _normalised(response, registration: Registration) -> str:
    """The page without what differs between any two badges: codes, ids, tokens (and the CSRF token)."""
    page = re.sub(r"[A-Za-z0-9]{64}", "…", response.content.decode())
    page = re.sub(rf"/{registration.pk}(?=[/.])", "/…", page)
    for varying in (registration.short_code, registration.token):
        page = page.replace(varying, "…")
    return page


def test_a_known_national_id_reveals_nothing_about_its_owner(world, client):
    forum = make_forum(world)  # Muhammad (head of the Sabya household) is already invited
    client.force_login(world.organiser)

    known = _walk_in(client, forum.event, world.head_sby.national_id)
    known_badge = Registration.objects.latest("id")
    page = known.content.decode()
    for fact in (world.head_sby.first_name, world.head_sby.family_name, forum.head_sby.short_code):
        assert fact not in page
    assert known_badge.display_name == "زائر الملتقى" and known_badge.kind == Registration.Kind.WALK_IN

    unknown = _walk_in(client, forum.event, next_national_id())
    unknown_badge = Registration.objects.latest("id")
    assert _normalised(known, known_badge) == _normalised(unknown, unknown_badge)


def test_a_walk_in_with_a_known_id_is_linked_to_the_file_on_the_server(world, client):
    forum = make_forum(world)
    client.force_login(world.organiser)
    _walk_in(client, forum.event, world.wife_sby.national_id, name="أم أحمد")
    registration = Registration.objects.get(event=forum.event, member=world.wife_sby)
    assert registration.display_name == "أم أحمد"
