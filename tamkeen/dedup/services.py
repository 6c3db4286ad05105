"""All writes of the dedup app: proposing pairs, merging, undoing a merge, marking different people."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core import office_figures, queue_cache
from tamkeen.core.audit import audit_record
from tamkeen.registry.models import Household, Member

from .models import DuplicateCandidate, MergeRecord


class DedupError(Exception):
    """A named action that cannot be done now; the message says why, for the person who asked."""


def can_review(user, candidate: DuplicateCandidate) -> bool:
    from .access import candidates_visible_to, may_decide_pairs

    return may_decide_pairs(user) and candidates_visible_to(user).filter(pk=candidate.pk).exists()


def _check_reviewer(actor, candidate: DuplicateCandidate) -> None:
    if not can_review(actor, candidate):
        raise PermissionDenied


@transaction.atomic
def candidates_propose(*, actor, pairs: list[tuple[int, int, float, dict]]) -> dict:
    """Store new candidate pairs (member ids, probability, evidence); pairs already known, in any status
    (above all "different people"), are never proposed again. Returns counts."""
    wanted = {}
    for a, b, probability, evidence in pairs:
        if a == b:
            continue
        low, high = (a, b) if a < b else (b, a)
        if (low, high) not in wanted or wanted[(low, high)][0] < probability:
            wanted[(low, high)] = (probability, evidence)
    known = set()
    ids = sorted({i for pair in wanted for i in pair})
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        known |= set(DuplicateCandidate.objects.filter(low_id__in=chunk).values_list("low_id", "high_id"))
    new_pairs = [pair for pair in wanted if pair not in known]
    offices = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        offices.update(Member.objects.filter(pk__in=chunk).values_list("pk", "household__office_id"))
    created = []
    for low, high in new_pairs:
        if low not in offices or high not in offices:
            continue
        probability, evidence = wanted[(low, high)]
        created.append(
            DuplicateCandidate(
                low_id=low,
                high_id=high,
                member_a_id=low,
                member_b_id=high,
                office_a_id=offices[low],
                office_b_id=offices[high],
                probability=probability,
                evidence=evidence,
            )
        )
    DuplicateCandidate.objects.bulk_create(created, batch_size=1000)
    if created:
        queue_cache.touch(DuplicateCandidate)  # bulk_create sends no save signal
        audit_record(
            actor=actor,
            action="dedup.candidates_proposed",
            object_type="dedup.duplicatecandidate",
            changes={"created": [0, len(created)]},
        )
    return {"pairs": len(wanted), "new": len(created), "already_known": len(wanted) - len(new_pairs)}


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def member_snapshot(member: Member) -> dict:
    """Every concrete field of a member, JSON-safe, keyed by attribute name (``household_id``, …)."""
    return {field.attname: _plain(getattr(member, field.attname)) for field in member._meta.concrete_fields}


def _member_from_snapshot(data: dict) -> Member:
    values = {}
    for field in Member._meta.concrete_fields:
        if field.attname in data:
            raw = data[field.attname]
            values[field.attname] = None if raw is None else field.to_python(raw)
    return Member(**values)


def _references() -> list[tuple[str, type[models.Model], str]]:
    """(label, model, field name) of every foreign key to Member outside this app, found at run time, so
    an app added later is covered without changing this code. Many-to-many links are their through rows."""
    found = []
    for relation in Member._meta.related_objects:
        if relation.related_model._meta.app_label == "dedup":
            continue
        if relation.many_to_many:
            through = (
                relation.through if hasattr(relation, "through") else relation.field.remote_field.through
            )
            for field in through._meta.fields:
                if getattr(field, "related_model", None) is Member:
                    found.append((f"{through._meta.label_lower}.{field.name}", through, field.name))
        else:
            model = relation.related_model
            found.append((f"{model._meta.label_lower}.{relation.field.name}", model, relation.field.name))
    return found


def _model_for(label: str) -> tuple[type[models.Model], str]:
    from django.apps import apps

    app_label, model_name, field = label.split(".")
    return apps.get_model(app_label, model_name), field


def _bump_offices_of(*member_ids: int) -> None:
    """The team figures of the members' offices (now, not when the pair was proposed) change on commit."""
    office_figures.bump_members(
        *Household.objects.filter(members__pk__in=member_ids).values_list("office_id", flat=True)
    )


@transaction.atomic
def candidate_merge(*, actor, candidate: DuplicateCandidate, survivor_id: int) -> MergeRecord:
    """ "Same person": the survivor stays, every reference to the other member moves to it, and the other
    member's row is kept whole in a MergeRecord before it is removed, so the merge can be undone."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    _check_reviewer(actor, candidate)
    if candidate.status != DuplicateCandidate.Status.PENDING:
        raise DedupError(_("This pair has already been decided."))
    if survivor_id not in (candidate.low_id, candidate.high_id):
        raise DedupError(_("The surviving member must be one of the pair."))
    merged_id = candidate.high_id if survivor_id == candidate.low_id else candidate.low_id
    members = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[survivor_id, merged_id])}
    if len(members) != 2:
        raise DedupError(_("One of the two members no longer exists."))
    survivor, merged = members[survivor_id], members[merged_id]
    _bump_offices_of(survivor_id, merged_id)
    snapshot = member_snapshot(merged)
    moved: dict[str, list] = {}
    try:
        with transaction.atomic():
            for label, model, field in _references():
                pks = list(model._base_manager.filter(**{field: merged}).values_list("pk", flat=True))
                if pks:
                    model._base_manager.filter(pk__in=pks).update(**{field: survivor})
                    moved[label] = pks
            if merged.user_id:
                if survivor.user_id:
                    raise DedupError(_("Both members have a beneficiary login; remove one before merging."))
                user_id = merged.user_id
                Member.objects.filter(pk=merged.pk).update(user=None)
                Member.objects.filter(pk=survivor.pk).update(user_id=user_id)
                moved["registry.member.user"] = [user_id]
            Member.objects.filter(pk=merged.pk).delete()
    except IntegrityError as exc:
        raise DedupError(
            _("These records cannot be merged automatically: %(error)s") % {"error": exc}
        ) from exc
    now = timezone.now()
    candidate.status = DuplicateCandidate.Status.MERGED
    candidate.decided_at = now
    candidate.decided_by = actor
    candidate.save(update_fields=["status", "decided_at", "decided_by"])
    record = MergeRecord.objects.create(
        candidate=candidate,
        survivor=survivor,
        survivor_pk=survivor.pk,
        merged_pk=merged_id,
        merged_data=json.loads(json.dumps(snapshot)),
        moved=moved,
        merged_by=actor,
    )
    audit_record(
        actor=actor,
        action="dedup.merge",
        obj=candidate,
        member_id=survivor.pk,
        changes={"merged_member": [merged_id, None], "moved": [None, {k: len(v) for k, v in moved.items()}]},
    )
    audit_record(actor=actor, action="dedup.merged_away", obj=candidate, member_id=merged_id)
    return record


@transaction.atomic
def merge_undo(*, actor, merge: MergeRecord) -> Member:
    """Put the merged member back with its id and data, and move back every reference the merge moved."""
    merge = MergeRecord.objects.select_for_update(of=("self",)).select_related("candidate").get(pk=merge.pk)
    candidate = merge.candidate
    _check_reviewer(actor, candidate)
    if merge.is_undone:
        raise DedupError(_("This merge has already been undone."))
    if Member.objects.filter(pk=merge.merged_pk).exists():
        raise DedupError(_("A member with the merged member's id exists again."))
    restored = _member_from_snapshot(merge.merged_data)
    user_moved = merge.moved.get("registry.member.user")
    if user_moved:  # the login went to the survivor with the merge: it comes back
        Member.objects.filter(pk=merge.survivor_pk, user_id=user_moved[0]).update(user=None)
    try:
        with transaction.atomic():
            created_at = restored.created_at
            restored.save(force_insert=True)
            # auto_now_add stamped "now" on insert: the member was registered when it was, not today.
            Member.objects.filter(pk=restored.pk).update(created_at=created_at)
            restored.created_at = created_at
            for label, pks in merge.moved.items():
                if label == "registry.member.user":
                    continue
                model, field = _model_for(label)
                model._base_manager.filter(pk__in=pks, **{f"{field}_id": merge.survivor_pk}).update(
                    **{f"{field}_id": restored.pk}
                )
    except IntegrityError as exc:
        raise DedupError(_("The merge cannot be undone: %(error)s") % {"error": exc}) from exc
    # Pairs that mentioned the merged member point at it again.
    DuplicateCandidate.objects.filter(low_id=restored.pk).update(member_a=restored)
    DuplicateCandidate.objects.filter(high_id=restored.pk).update(member_b=restored)
    now = timezone.now()
    merge.undone_at = now
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    candidate.status = DuplicateCandidate.Status.PENDING
    candidate.decided_at = None
    candidate.decided_by = None
    candidate.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="dedup.merge_undone",
        obj=candidate,
        member_id=restored.pk,
        changes={"merged_member": [None, restored.pk]},
    )
    _bump_offices_of(restored.pk, merge.survivor_pk)
    return restored


@transaction.atomic
def candidate_mark_distinct(*, actor, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """ "Different people": the pair is closed and is never proposed again."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    _check_reviewer(actor, candidate)
    if candidate.status != DuplicateCandidate.Status.PENDING:
        raise DedupError(_("This pair has already been decided."))
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_at = timezone.now()
    candidate.decided_by = actor
    candidate.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="dedup.different_people",
        obj=candidate,
        member_id=candidate.low_id,
        changes={"status": ["pending", "distinct"]},
    )
    return candidate
