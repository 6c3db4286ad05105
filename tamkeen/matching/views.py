from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.core.listing import SortOption, paginate
from tamkeen.matching import accommodation, selectors, services
from tamkeen.matching.access import (
    access_match_run,
    access_proposal,
    match_runs_visible_to,
    proposals_visible_to,
)
from tamkeen.matching.forms import AccommodationNeedForm, ProposalFilterForm, RejectForm, StartRunForm
from tamkeen.referrals.services import ReferralError
from tamkeen.registry.access import access_member_for_edit
from tamkeen.registry.models import AccommodationNeed

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


PROPOSAL_ORDERS = (
    SortOption("score", gettext_lazy("Match score"), ("match_score",), descending=True),
    SortOption("name", gettext_lazy("Member's name"), ("member__first_name", "member__family_name")),
    SortOption("proposed", gettext_lazy("Date proposed"), ("created_at",), descending=True),
)


@role_required(*OFFICE_ROLES)
def proposals(request):
    form = ProposalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.proposals_filtered(
        selectors.proposals_for(proposals_visible_to(request.user)),
        name=filters.get("q", ""),
        track=filters.get("track", ""),
        minimum=float(filters["minimum"]) if filters.get("minimum") else None,
    )
    listing = paginate(request, found, PROPOSAL_ORDERS)
    rows = [
        {"referral": referral, "components": services.component_rows(referral)} for referral in listing.rows
    ]
    template = "matching/proposals.html#list" if request.htmx else "matching/proposals.html"
    return render(request, template, {"rows": rows, "listing": listing, "form": form})


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


@require_POST
@role_required(*OFFICE_ROLES)
def accommodation_record(request, member_pk):
    member = access_member_for_edit(request.user, member_pk)
    form = AccommodationNeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a kind of need."))
        return redirect("registry:member", pk=member.pk)
    try:
        accommodation.accommodation_need_record(actor=request.user, member=member, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The accommodation need was recorded."))
    return redirect("registry:member", pk=member.pk)


@require_POST
@role_required(*OFFICE_ROLES)
def accommodation_remove(request, member_pk, pk):
    member = access_member_for_edit(request.user, member_pk)
    # Removing a need already gone (a second click, another tab) is not an error: the outcome is the same.
    need = AccommodationNeed.objects.filter(member=member, pk=pk).select_related("member").first()
    if need is not None:
        accommodation.accommodation_need_remove(actor=request.user, need=need)
    messages.success(request, _("The accommodation need was removed."))
    return redirect("registry:member", pk=member.pk)
