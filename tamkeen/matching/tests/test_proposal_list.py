"""Nora's proposals page after a large run: thirty proposals come a page at a time, filtered and sorted, and an
address cannot order them by a field the page does not offer."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tamkeen.matching.tests.fixtures import matching_world
from tamkeen.opportunities.models import Track
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referral_services
from tamkeen.referrals.models import Source
from tests.personas import make_member

pytestmark = pytest.mark.django_db

NAMES = ["سارة", "ريم", "هند", "لمى", "دانة", "جود"]


def many_proposals(world, count=30):
    """A run proposed a job to `count` of Sabya's young people, scores from 0.30 up."""
    job = make_opportunity(world.employer, capacity=50, track=Track.EMPLOYMENT, title_ar="وظيفة كاشير")
    members = []
    for n in range(count):
        member = make_member(
            world.household_sby,
            "daughter",
            f"{NAMES[n % len(NAMES)]}{n:02d}",
            "الحربي",
            birth_date=date(2000, 1, 1),
        )
        referral_services.referral_propose(
            actor=None,
            member=member,
            opportunity=job,
            source=Source.MATCHER,
            match_score=round(0.30 + n * 0.02, 2),
            match_explanation={"score": 0.3, "components": []},
        )
        members.append(member)
    return members


def names_on(page) -> list[str]:
    return re.findall(r"<h2>([^<]+)</h2>", page.content.decode())


def test_nora_sees_the_best_matches_first_a_page_at_a_time(world, client_for):
    members = many_proposals(world)
    client = client_for(world.worker_sby)
    first = client.get(reverse("matching:proposals"))
    assert len(names_on(first)) == 25
    assert names_on(first)[0] == members[-1].full_name  # the highest score
    text = first.content.decode()
    assert 'aria-current="page"' in text and "?page=2" in text
    second = client.get(reverse("matching:proposals"), {"page": 2})
    assert len(names_on(second)) == 5
    assert not set(names_on(first)) & set(names_on(second))


def test_nora_filters_by_name_track_and_lowest_score(world, client_for):
    members = many_proposals(world)
    objects = matching_world(world)  # one training proposal, score 0.8
    client = client_for(world.worker_sby)
    by_name = client.get(reverse("matching:proposals"), {"q": "سارة"})
    assert sorted(names_on(by_name)) == sorted(
        m.full_name for m in members if m.first_name.startswith("سارة")
    )
    training = client.get(reverse("matching:proposals"), {"track": "training"})
    assert names_on(training) == [objects["daughter"].full_name]
    strong = client.get(reverse("matching:proposals"), {"minimum": "0.7"})
    assert sorted(names_on(strong)) == sorted(
        [m.full_name for m in members[20:]] + [objects["daughter"].full_name]
    )
    # The filters travel with the page links.
    jobs = client.get(reverse("matching:proposals"), {"track": "employment"}).content.decode()
    assert "?track=employment&amp;page=2" in jobs


def test_nora_sorts_by_name_and_by_lowest_score(world, client_for):
    members = many_proposals(world)
    client = client_for(world.worker_sby)
    by_name = names_on(client.get(reverse("matching:proposals"), {"sort": "name", "size": "50"}))
    assert by_name == sorted(m.full_name for m in members)
    lowest = names_on(client.get(reverse("matching:proposals"), {"sort": "score", "dir": "asc"}))
    assert lowest[0] == members[0].full_name


def test_an_address_cannot_sort_by_a_field_the_page_does_not_offer(world, client_for):
    members = many_proposals(world)
    client = client_for(world.worker_sby)
    default = names_on(client.get(reverse("matching:proposals")))
    for field in ("member__national_id", "consent__id", "-match_score", "match_score"):
        page = client.get(reverse("matching:proposals"), {"sort": field, "dir": "asc"})
        assert page.status_code == 200
        assert names_on(page) == default
    assert default[0] == members[-1].full_name


def test_the_page_size_is_capped(world, client_for):
    many_proposals(world)
    page = client_for(world.worker_sby).get(reverse("matching:proposals"), {"size": "100000"})
    assert len(names_on(page)) == 25


def test_an_htmx_request_gets_only_the_list(world, client_for):
    many_proposals(world)
    page = client_for(world.worker_sby).get(
        reverse("matching:proposals"), {"page": 2}, HTTP_HX_REQUEST="true"
    )
    text = page.content.decode()
    assert 'id="proposal-list"' in text and "<h1>" not in text and len(names_on(page)) == 5
