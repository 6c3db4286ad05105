"""A match run started from the web runs here, never inside the request."""

from django.tasks import task


@task()
def run_match(run_id: int) -> int:
    from tamkeen.matching.models import MatchRun
    from tamkeen.matching.services import match_run_execute

    run = MatchRun.objects.select_related("office", "started_by").get(pk=run_id)
    return match_run_execute(run=run).assigned
