"""Hind's inbox and Nora's referral list once they grow: a page at a time, each box in the order its work needs,
sortable only by what the page offers."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.models import Referral
from tests.personas import make_member

pytestmark = pytest.mark.django_db


def many_sent(world, count=55):
    """A course with many seats, and `count` of Sabya's young people referred to it, answers due day by day."""
    course = make_opportunity(world.trainer, capacity=count + 5)
    sent = []
    for n in range(count):
        member = make_member(
            world.household_sby, "son", f"عبدالله{n:02d}", "الحازمي", birth_date=date(2001, 1, 1)
        )
        give_consent(member, course.entity)
        referral = services.referral_propose(actor=world.worker_sby, member=member, opportunity=course)
        referral = services.referral_send(actor=world.worker_sby, referral=referral)
        Referral.objects.filter(pk=referral.pk).update(due_by=timezone.localdate() + timedelta(days=60 - n))
        sent.append(referral)
    return sent


def numbers(page) -> list[str]:
    return re.findall(r'<a href="/referrals/(R-[^/]+)/">', page.content.decode())


def test_hinds_new_box_shows_the_answer_due_soonest_first_fifty_a_page(world, client_for):
    sent = many_sent(world)
    client = client_for(world.partner_trainer)
    first = client.get("/referrals/inbox/")
    assert numbers(first) == [r.public_id for r in reversed(sent)][:50]
    second = client.get("/referrals/inbox/", {"page": 2})
    assert numbers(second) == [r.public_id for r in reversed(sent)][50:]
    assert 'aria-current="page"' in second.content.decode()


def test_hind_sorts_her_inbox_by_number_but_not_by_a_private_field(world, client_for):
    sent = many_sent(world, count=12)
    client = client_for(world.partner_trainer)
    by_number = numbers(client.get("/referrals/inbox/", {"sort": "number"}))
    assert by_number == sorted(r.public_id for r in sent)
    default = numbers(client.get("/referrals/inbox/"))
    for field in ("shared_fields", "member__national_id", "consent__id"):
        assert numbers(client.get("/referrals/inbox/", {"sort": field})) == default


def test_noras_referral_list_is_newest_first_and_pages(world, client_for):
    sent = many_sent(world, count=30)
    client = client_for(world.worker_sby)
    first = numbers(client.get("/referrals/"))
    assert len(first) == 25 and first[0] == sent[-1].public_id
    by_due = numbers(client.get("/referrals/", {"sort": "due", "size": "50"}))
    assert by_due[:30] == [r.public_id for r in reversed(sent)]
    filtered = client.get("/referrals/", {"status": "sent"}).content.decode()
    assert "?status=sent&amp;page=2" in filtered
