"""Lookups by national ID or phone (security.md §4, §7): never in a URL, the check while typing answers outside
the user's scope only "a possible duplicate exists elsewhere", every check is audited and throttled, and pages
shown to a signed-in user are never stored."""

import pytest
from django.urls import reverse

from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CHECK = "/dedup/check/"


def typed(member) -> dict:
    return {
        "national_id": member.national_id,
        "first_name": member.first_name,
        "family_name": member.family_name,
    }


def test_nora_sees_a_duplicate_of_her_own_office_as_before(world, client_for):
    page = client_for(world.worker_sby).post(CHECK, typed(world.wife_sby)).content.decode()
    assert world.wife_sby.full_name in page and world.sby.name_ar in page


def test_nora_learns_only_that_farasan_may_hold_the_person_not_who_it_is(world, client_for):
    response = client_for(world.worker_sby).post(CHECK, typed(world.head_frs))
    page = response.content.decode()
    assert response.status_code == 200
    assert world.head_frs.first_name not in page and world.head_frs.family_name not in page
    assert world.head_frs.national_id not in page and "%" not in page
    assert "يوجد تكرار محتمل في مكان آخر" in page or "A possible duplicate exists elsewhere" in page
    assert world.frs.name_ar in page


def test_in_caseload_scope_a_member_outside_the_caseload_is_elsewhere_too(world, client_for, settings):
    settings.TAMKEEN_CASEWORKER_SCOPE = "caseload"
    # Ahmad (the son) has no case worker yet: not in Nora's caseload.
    page = client_for(world.worker_sby).post(CHECK, typed(world.son_sby)).content.decode()
    assert world.son_sby.full_name not in page and world.sby.name_ar in page


def test_every_check_and_every_member_it_touched_is_in_the_audit_trail(world, client_for):
    client_for(world.worker_sby).post(CHECK, typed(world.head_frs))
    check = AuditEvent.objects.get(action="dedup.check", actor=world.worker_sby)
    assert check.kind == AuditEvent.Kind.READ
    assert check.changes["query"][1]["national_id"] == world.head_frs.national_id
    touched = AuditEvent.objects.get(action="dedup.check.match", member_id=world.head_frs.pk)
    assert touched.actor == world.worker_sby and touched.changes["shown"][1] == "elsewhere"


def test_the_check_is_throttled_per_user_with_a_clear_message(world, client_for, settings):
    from django.core.cache import cache

    cache.clear()
    settings.TAMKEEN_DUPLICATE_CHECKS_PER_MINUTE = 3
    client = client_for(world.worker_sby)
    answers = [client.post(CHECK, typed(world.head_frs)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert world.frs.name_ar not in answers[-1].content.decode()
    assert "دقيقة" in answers[-1].content.decode() or "minute" in answers[-1].content.decode()
    assert AuditEvent.objects.filter(action="dedup.check.throttled", actor=world.worker_sby).count() == 1
    # Another user is not held back by Nora's checks.
    assert client_for(world.worker_frs).post(CHECK, typed(world.head_sby)).status_code == 200
    cache.clear()


def test_the_check_never_takes_a_national_id_in_the_url(world, client_for):
    response = client_for(world.worker_sby).get(CHECK, {"national_id": world.head_frs.national_id})
    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action="dedup.check").exists()


def test_the_registry_search_takes_the_id_in_the_body_and_ignores_it_in_a_url(world, client_for):
    client = client_for(world.worker_sby)
    url = reverse("registry:search")
    in_url = client.get(url, {"q": world.wife_sby.national_id})
    assert in_url.status_code == 200 and in_url.context["page"] is None
    posted = client.post(url, {"q": world.wife_sby.national_id})
    assert [m.pk for m in posted.context["page"]] == [world.wife_sby.pk]
    assert 'method="post"' in client.get(url).content.decode()


def test_pages_shown_to_a_signed_in_user_are_never_stored(world, client_for):
    client = client_for(world.worker_sby)
    for url in (
        reverse("registry:member", args=[world.wife_sby.pk]),
        reverse("registry:household", args=[world.household_sby.pk]),
        reverse("core:home"),
    ):
        assert client.get(url)["Cache-Control"] == "no-store", url


def test_a_badge_is_not_kept_in_a_cache_either(world, client_for):
    from tamkeen.forum.tests.factories import make_forum

    forum = make_forum(world)
    png = client_for(world.beneficiary_sby).get(reverse("forum:badge_png", kwargs={"pk": forum.head_sby.pk}))
    assert png["Cache-Control"] == "no-store"


def test_an_api_answer_to_a_token_holder_is_never_stored_either(client):
    response = client.get("/api/v1/referrals", headers={"Authorization": "Bearer not-a-real-token"})
    assert response["Cache-Control"] == "no-store"
