"""A partner's uploaded outcome file as a background job: created, its progress, its result."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tamkeen.core.audit import audit_record
from tamkeen.referrals.models import (
    OutcomeImport,
)


@transaction.atomic
def outcome_import_create(*, actor, uploaded_file) -> OutcomeImport:
    if actor is None or not actor.is_partner:
        raise PermissionDenied
    job = OutcomeImport.objects.create(
        entity_id=actor.entity_id,
        uploaded_by=actor,
        file=uploaded_file,
        original_name=uploaded_file.name[:200],
    )
    audit_record(
        actor=actor, action="referral.outcome_import", obj=job, changes={"file": [None, job.original_name]}
    )
    return job


def outcome_import_progress(*, job, state: str | None = None, rows_done: int | None = None) -> None:
    updates = {}
    if state is not None:
        updates["state"] = state
        job.state = state
    if rows_done is not None:
        updates["rows_done"] = rows_done
        job.rows_done = rows_done
    OutcomeImport.objects.filter(pk=job.pk).update(**updates)


@transaction.atomic
def outcome_import_finish(*, job, result, error: str) -> None:
    from dataclasses import asdict

    job.finished_at = timezone.now()
    if result is None:
        job.state = OutcomeImport.State.FAILED
        job.error = error[:2000]
    else:
        job.state = OutcomeImport.State.DONE
        job.result = result.summary()
        job.rows_done = job.rows_total = result.rows
        job.rejected = [asdict(r) for r in result.rejections[:2000]]
    job.save(update_fields=["finished_at", "state", "error", "result", "rows_done", "rows_total", "rejected"])
