"""Background work for referrals: the daily expiry of unanswered referrals and outcome-file uploads."""

from django.tasks import task

from tamkeen.core.jobs import close_abandoned, when_abandoned


@task()
def expire_overdue_referrals() -> int:
    """Expire sent referrals past their entity's answer time and tell their offices (a daily job: settings.TAMKEEN_DAILY_TASKS)."""
    from tamkeen.referrals.services import expire_overdue

    return expire_overdue()


@task()
def warn_expiring_referrals() -> int:
    """Tell members whose referral expires in the next two days without an answer (a daily job)."""
    from tamkeen.referrals.services import referrals_warn_expiring

    return referrals_warn_expiring()


@task()
def run_outcome_import(import_id: int) -> dict:
    from tamkeen.referrals.outcome_file import import_outcomes
    from tamkeen.referrals.services import outcome_import_finish, outcome_import_progress

    from .models import OutcomeImport

    job = OutcomeImport.objects.select_related("entity", "uploaded_by").get(pk=import_id)
    outcome_import_progress(job=job, state=OutcomeImport.State.RUNNING, rows_done=0)
    try:
        result = import_outcomes(
            job.file.path,
            entity=job.entity,
            actor=job.uploaded_by,
            progress=lambda done, _total: (
                outcome_import_progress(job=job, rows_done=done) if done % 25 == 0 else None
            ),
        )
    except Exception as exc:  # the upload page shows why; the worker must not die
        outcome_import_finish(job=job, result=None, error=str(exc))
        return {"error": str(exc)}
    outcome_import_finish(job=job, result=result, error="")
    return result.summary()


@when_abandoned(run_outcome_import)
def close_abandoned_outcome_import(import_id: int, *, reason: str) -> None:
    from django.utils import timezone

    from .models import OutcomeImport

    S = OutcomeImport.State
    close_abandoned(OutcomeImport, import_id, field="state", open_states=(S.QUEUED, S.RUNNING), failed_state=S.FAILED,
                    reason=reason, finished_at=timezone.now())  # fmt: skip
