"""Khalid (supervisor, Sabya) reviews probable duplicates: merges one, undoes it, and sets another aside."""

import pytest
from django.core.exceptions import PermissionDenied

from tamkeen.core.models import AuditEvent
from tamkeen.dedup.models import DuplicateCandidate, MergeRecord
from tamkeen.dedup.services import (
    DedupError,
    candidate_mark_distinct,
    candidate_merge,
    candidates_propose,
    member_snapshot,
    merge_undo,
)
from tamkeen.registry.models import Member, RecordChange

from .factories import make_candidate, make_duplicate_of

pytestmark = pytest.mark.django_db


def test_merge_moves_references_keeps_history_and_undo_restores_everything(world):
    copy = make_duplicate_of(world.head_sby, phone="")
    change = RecordChange.objects.create(household=copy.household, member=copy, changes={"x": [1, 2]})
    candidate = make_candidate(world.head_sby, copy)
    before = member_snapshot(copy)

    merge = candidate_merge(actor=world.supervisor_sby, candidate=candidate, survivor_id=world.head_sby.pk)

    assert not Member.objects.filter(pk=copy.pk).exists()
    change.refresh_from_db()
    assert change.member_id == world.head_sby.pk  # the history moved to the surviving member
    assert merge.moved["registry.recordchange.member"] == [change.pk]
    assert merge.merged_data["national_id"] == copy.national_id
    candidate.refresh_from_db()
    assert (
        candidate.status == DuplicateCandidate.Status.MERGED and candidate.decided_by == world.supervisor_sby
    )
    assert AuditEvent.objects.filter(action="dedup.merge", member_id=world.head_sby.pk).exists()

    restored = merge_undo(actor=world.supervisor_sby, merge=merge)

    assert restored.pk == copy.pk
    assert member_snapshot(Member.objects.get(pk=copy.pk)) | {"updated_at": None} == before | {
        "updated_at": None
    }
    change.refresh_from_db()
    assert change.member_id == copy.pk
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.PENDING and candidate.member_b_id is not None
    merge.refresh_from_db()
    assert merge.is_undone and merge.undone_by == world.supervisor_sby
    assert AuditEvent.objects.filter(action="dedup.merge_undone", member_id=copy.pk).exists()
    with pytest.raises(DedupError):
        merge_undo(actor=world.supervisor_sby, merge=merge)


def test_a_beneficiary_login_follows_the_merge_and_comes_back(world):
    copy = make_duplicate_of(world.head_sby)
    candidate = make_candidate(world.head_sby, copy)
    merge = candidate_merge(actor=world.manager, candidate=candidate, survivor_id=copy.pk)
    copy.refresh_from_db()
    assert copy.user == world.beneficiary_sby
    merge_undo(actor=world.manager, merge=merge)
    assert Member.objects.get(pk=world.head_sby.pk).user == world.beneficiary_sby
    assert Member.objects.get(pk=copy.pk).user is None


def test_only_reviewers_of_the_members_office_may_decide(world):
    candidate = make_candidate(world.son_sby, make_duplicate_of(world.son_sby))
    for outsider in (world.supervisor_frs, world.worker_sby, world.auditor, world.admin):
        with pytest.raises(PermissionDenied):
            candidate_merge(actor=outsider, candidate=candidate, survivor_id=world.son_sby.pk)
        with pytest.raises(PermissionDenied):
            candidate_mark_distinct(actor=outsider, candidate=candidate)
    with pytest.raises(DedupError):
        candidate_merge(actor=world.supervisor_sby, candidate=candidate, survivor_id=world.head_frs.pk)


def test_different_people_are_never_proposed_again(world):
    candidate = make_candidate(world.son_sby, make_duplicate_of(world.son_sby))
    candidate_mark_distinct(actor=world.supervisor_sby, candidate=candidate)
    with pytest.raises(DedupError):
        candidate_merge(actor=world.supervisor_sby, candidate=candidate, survivor_id=candidate.low_id)
    counts = candidates_propose(actor=None, pairs=[(candidate.high_id, candidate.low_id, 0.99, {})])
    assert counts == {"pairs": 1, "new": 0, "already_known": 1}
    assert DuplicateCandidate.objects.get(pk=candidate.pk).status == DuplicateCandidate.Status.DISTINCT
    assert AuditEvent.objects.filter(action="dedup.different_people").count() == 1


def test_merge_of_two_logins_is_refused_clearly(world):
    from tamkeen.accounts.models import Role
    from tests.personas import make_user

    copy = make_duplicate_of(world.head_sby, user=make_user("second_login", Role.BENEFICIARY))
    candidate = make_candidate(world.head_sby, copy)
    with pytest.raises(DedupError):
        candidate_merge(actor=world.supervisor_sby, candidate=candidate, survivor_id=world.head_sby.pk)
    assert Member.objects.filter(pk=copy.pk).exists()
    assert not MergeRecord.objects.exists()


def test_cross_office_pair_is_seen_by_both_offices_supervisors(world):
    from tamkeen.dedup.access import candidates_visible_to

    copy = make_duplicate_of(world.head_sby, household=world.household_frs)
    candidate = make_candidate(world.head_sby, copy)
    for user in (world.supervisor_sby, world.supervisor_frs, world.manager):
        assert candidates_visible_to(user).filter(pk=candidate.pk).exists()
    for user in (world.worker_sby, world.partner_employer, world.auditor, world.beneficiary_sby):
        assert not candidates_visible_to(user).exists()
