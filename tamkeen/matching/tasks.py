"""A match run started from the web runs here, never inside the request."""

from django.tasks import task

from tamkeen.core.jobs import close_abandoned, when_abandoned


@task()
def run_match(run_id: int) -> int:
    from tamkeen.matching.models import MatchRun
    from tamkeen.matching.services import match_run_execute

    run = MatchRun.objects.select_related("office", "started_by").get(pk=run_id)
    return match_run_execute(run=run).assigned


@when_abandoned(run_match)
def close_abandoned_match_run(run_id: int, *, reason: str) -> None:
    from django.utils import timezone

    from tamkeen.matching.models import MatchRun

    S = MatchRun.Status
    close_abandoned(MatchRun, run_id, field="status", open_states=(S.QUEUED, S.RUNNING), failed_state=S.FAILED,
                    reason=reason, finished_at=timezone.now())  # fmt: skip
