"""Pages of the matcher as Khalid (supervisor_sby), Nora (worker_sby) and Fatima of Farasan see them."""

import pytest
from django.urls import reverse

from tamkeen.matching.access import (
    access_match_run,
    access_proposal,
    match_runs_visible_to,
    proposals_visible_to,
)
from tamkeen.matching.models import MatchRun, RejectedPair
from tamkeen.matching.tests.fixtures import matching_world
from tamkeen.referrals.models import Status

pytestmark = pytest.mark.django_db


def test_nora_sees_why_the_matcher_proposed_a_course(world, client_for):
    objects = matching_world(world)
    page = client_for(world.worker_sby).get(reverse("matching:proposals"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert objects["daughter"].full_name in text
    assert "Why this match" in text or "لماذا هذه المطابقة" in text
    assert reverse("matching:reject", args=[objects["proposal"].public_id]) in text
    other = client_for(world.worker_frs).get(reverse("matching:proposals")).content.decode()
    assert objects["daughter"].full_name not in other


def test_khalid_starts_a_run_and_the_page_polls_its_progress(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.supervisor_sby)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("matching:start"), {"track": "training"})
    run = MatchRun.objects.get(office=world.sby, track="training")
    assert response.status_code == 302 and response.url == reverse("matching:run", args=[run.pk])
    assert len(callbacks) == 1  # the task is enqueued once the run is committed
    assert run.status == MatchRun.Status.QUEUED and run.started_by == world.supervisor_sby
    page = client.get(reverse("matching:run", args=[run.pk]))
    assert b'hx-trigger="every 1s"' in page.content
    partial = client.get(reverse("matching:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert b"<h1>" not in partial.content and b'id="run-status"' in partial.content


def test_nora_rejects_with_a_reason_from_the_page(world, client_for):
    objects = matching_world(world)
    url = reverse("matching:reject", args=[objects["proposal"].public_id])
    response = client_for(world.worker_sby).post(url, {"reason": "تعمل في الفترة المسائية"})
    assert response.status_code == 302
    assert RejectedPair.objects.get().member == objects["daughter"]
    objects["proposal"].refresh_from_db()
    assert objects["proposal"].status == Status.WITHDRAWN


def test_confirm_without_consent_explains_and_keeps_the_proposal(world, client_for):
    objects = matching_world(world)
    url = reverse("matching:confirm", args=[objects["proposal"].public_id])
    response = client_for(world.worker_sby).post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("matching:proposals")
    objects["proposal"].refresh_from_db()
    assert objects["proposal"].status == Status.PROPOSED


def test_access_branches(world):
    objects = matching_world(world)
    run_frs = MatchRun.objects.create(office=world.frs)
    run_all = MatchRun.objects.create(office=None)
    assert set(match_runs_visible_to(world.worker_sby)) == {objects["run_sby"]}
    assert set(match_runs_visible_to(world.supervisor_frs)) == {run_frs}
    assert set(match_runs_visible_to(world.manager)) == {objects["run_sby"], run_frs}
    assert run_all not in match_runs_visible_to(world.manager)
    for outsider in (world.partner_trainer, world.auditor, world.beneficiary_sby, world.admin):
        assert not match_runs_visible_to(outsider).exists()
        assert not proposals_visible_to(outsider).exists()
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    assert not match_runs_visible_to(AnonymousUser()).exists()
    assert not proposals_visible_to(AnonymousUser()).exists()
    assert access_match_run(world.supervisor_sby, objects["run_sby"].pk) == objects["run_sby"]
    with pytest.raises(Http404):
        access_match_run(world.supervisor_frs, objects["run_sby"].pk)
    with pytest.raises(Http404):
        access_match_run(world.supervisor_sby, 999_999)
    assert access_proposal(world.worker_sby, objects["proposal"].public_id) == objects["proposal"]
    with pytest.raises(Http404):
        access_proposal(world.worker_frs, objects["proposal"].public_id)
    with pytest.raises(Http404):
        access_proposal(world.manager, objects["proposal"].public_id)
