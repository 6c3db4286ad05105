"""Amal registers Muhammad at the forum door with his national ID: his badge is issued and he is told on his own
mobile, in Arabic with the Hijri date first (English when he chose it). A visitor without a file, or a second
visit with the same ID, tells nobody."""

from datetime import date

import pytest

from tamkeen.core.hijri import format_hijri
from tamkeen.forum import services
from tamkeen.forum.tests.factories import make_event
from tamkeen.notifications.models import Message
from tamkeen.notifications.services import preference_update

pytestmark = pytest.mark.django_db


def test_the_member_is_told_when_his_badge_is_issued_at_the_door(world):
    event = make_event(world, starts_on=date(2026, 12, 14))
    registration = services.registration_walk_in(
        actor=world.organiser, event=event, name="محمد", member=world.head_sby
    )
    rows = Message.objects.filter(event="forum.badge", member=world.head_sby)
    assert sorted(rows.values_list("channel", flat=True)) == ["in_app", "sms"]
    sms = rows.get(channel="sms")
    assert sms.language == "ar" and sms.to_address
    assert registration.short_code in sms.body and event.title in sms.body
    hijri = format_hijri(date(2026, 12, 14), "ar")
    # The Hijri date first; the Gregorian one isolated left to right (LRI … PDI) inside the Arabic text.
    assert f"{hijri} (\u20662026-12-14\u2069)" in sms.body, "the Hijri date first"
    assert "بطاقتك" in sms.body

    # The same person at the door again: a badge like any visitor's, and no second message.
    services.registration_walk_in(actor=world.organiser, event=event, name="زائر", member=world.head_sby)
    services.registration_walk_in(actor=world.organiser, event=event, name="زائرة")
    assert Message.objects.filter(event="forum.badge").count() == 2


def test_in_english_when_he_chose_it(world):
    preference_update(actor=world.beneficiary_sby, member=world.head_sby, language="en")
    event = make_event(world, starts_on=date(2026, 12, 14))
    services.registration_walk_in(actor=world.organiser, event=event, name="Muhammad", member=world.head_sby)
    sms = Message.objects.get(event="forum.badge", channel="sms")
    assert sms.language == "en" and sms.body.startswith("Your badge for")
    assert f"{format_hijri(date(2026, 12, 14), 'en')} (2026-12-14)" in sms.body


def test_invited_members_have_their_code_in_the_invitation_instead(world):
    event = make_event(world)
    services.invitations_create(actor=world.organiser, event=event, members=[world.head_sby])
    assert not Message.objects.filter(event="forum.badge").exists()
