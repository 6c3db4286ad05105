"""Hessa (national manager) reads every region's probable duplicates and decides none of them; Jazan's manager
sees Jazan's pairs only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tamkeen.dedup.models import DuplicateCandidate
from tamkeen.dedup.selectors import pending_candidates
from tamkeen.dedup.services import candidate_mark_distinct, candidate_merge

from .factories import make_candidate, make_duplicate_of

pytestmark = pytest.mark.django_db


def test_the_national_manager_reads_every_regions_pairs_and_the_regional_manager_his_own(world):
    jazan = make_candidate(world.son_sby, make_duplicate_of(world.son_sby))
    asir = make_candidate(world.head_abh, make_duplicate_of(world.head_abh))
    assert {jazan, asir} <= set(pending_candidates(world.manager_national))
    assert jazan in pending_candidates(world.manager) and asir not in pending_candidates(world.manager)


def test_the_national_manager_merges_nothing_and_marks_nothing(world, client):
    pair = make_candidate(world.head_abh, make_duplicate_of(world.head_abh))
    with pytest.raises(PermissionDenied):
        candidate_merge(actor=world.manager_national, candidate=pair, survivor_id=world.head_abh.pk)
    with pytest.raises(PermissionDenied):
        candidate_mark_distinct(actor=world.manager_national, candidate=pair)
    client.force_login(world.manager_national)
    page = client.get(reverse("dedup:candidate", args=[pair.pk]))
    assert page.status_code == 200
    assert reverse("dedup:merge", args=[pair.pk]) not in page.content.decode()
    answer = client.post(reverse("dedup:distinct", args=[pair.pk]), {"confirm": "1"})
    assert answer.status_code == 403
    pair.refresh_from_db()
    assert pair.status == DuplicateCandidate.Status.PENDING
