"""Demo: one finished match run for Sabya office, so Nora (worker.sby) finds explained proposals waiting."""

from tamkeen.accounts.models import Role, User
from tamkeen.geography.models import Office
from tamkeen.matching.models import MatchRun
from tamkeen.matching.services import match_run_create, match_run_execute


def seed(ctx) -> None:
    # A region larger than the history sample is matched on demand (`tamkeen match`, or a supervisor's run):
    # a seeded run over every member of an office would outgrow the seed's time and memory.
    if MatchRun.objects.exists() or ctx.households > ctx.history_households:
        return
    office = Office.objects.filter(code="SBY").first()
    supervisor = User.objects.filter(role=Role.SUPERVISOR, office=office).order_by("pk").first()
    if office is None or supervisor is None:
        return
    run = match_run_create(actor=supervisor, office=office)
    run = match_run_execute(run=run)
    ctx.count("match_runs", 1)
    ctx.count("matcher_proposals", run.assigned)
    ctx.say(f"  Sabya: {run.assigned} proposals for {run.members} members over {run.seats} seats")
