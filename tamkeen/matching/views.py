from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.matching import selectors, services
from tamkeen.matching.access import (
    access_match_run,
    access_proposal,
    match_runs_visible_to,
    proposals_visible_to,
)
from tamkeen.matching.forms import RejectForm, StartRunForm
from tamkeen.referrals.services import ReferralError

OFFICE_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR)


@role_required(Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)
def runs(request):
    form = StartRunForm() if request.user.is_supervisor else None
    return render(
        request,
        "matching/runs.html",
        {"runs": selectors.recent_runs(match_runs_visible_to(request.user)), "form": form},
    )


@require_POST
@role_required(Role.SUPERVISOR)
def start(request):
    form = StartRunForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "matching/runs.html",
            {"runs": selectors.recent_runs(match_runs_visible_to(request.user)), "form": form},
            status=400,
        )
    try:
        run = services.match_run_create(
            actor=request.user,
            office=request.user.office,
            track=form.cleaned_data["track"],
            is_dry_run=form.cleaned_data["is_dry_run"],
        )
    except services.MatchingError as error:
        messages.error(request, str(error))
        return redirect("matching:runs")
    from tamkeen.matching.tasks import run_match

    transaction.on_commit(lambda: run_match.enqueue(run.pk))
    return redirect("matching:run", pk=run.pk)


@role_required(Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)
def run(request, pk):
    match_run = access_match_run(request.user, pk)
    template = "matching/run.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"run": match_run, "running": not match_run.is_finished})


@role_required(*OFFICE_ROLES)
def proposals(request):
    rows = [
        {"referral": referral, "components": services.component_rows(referral)}
        for referral in selectors.proposals_for(proposals_visible_to(request.user))[:200]
    ]
    return render(request, "matching/proposals.html", {"rows": rows})


@require_POST
@role_required(*OFFICE_ROLES)
def confirm(request, public_id):
    referral = access_proposal(request.user, public_id)
    try:
        services.proposal_confirm(actor=request.user, referral=referral)
    except (ReferralError, services.MatchingError) as error:
        messages.error(request, str(error))
        return redirect("matching:proposals")
    except PermissionDenied:
        raise
    messages.success(request, _("The referral was sent to the entity."))
    return redirect("referrals:detail", public_id=referral.public_id)


@role_required(*OFFICE_ROLES)
def reject(request, public_id):
    referral = access_proposal(request.user, public_id)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_reject(
                actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
            )
        except (ReferralError, services.MatchingError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The proposal was rejected; it will not be proposed again."))
        return redirect("matching:proposals")
    return render(
        request,
        "matching/reject.html",
        {"referral": referral, "form": form, "components": services.component_rows(referral)},
    )
