from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import recent_auth_required, role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_read, audit_reads

from . import selectors, services
from .access import access_candidate, access_candidate_to_decide, access_merge_to_undo, may_decide_pairs
from .evidence import evidence_rows
from .forms import CheckForm, ConfirmForm, MergeForm
from .online import CheckAnswer, CheckThrottled, duplicate_check

REVIEWERS = (Role.SUPERVISOR, Role.MANAGER)
OFFICE_STAFF = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)


@role_required(*REVIEWERS)
def queue(request):
    page = Paginator(selectors.pending_candidates(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "dedup/queue.html",
        {"page": page, "decisions": selectors.recent_decisions(request.user)},
    )


def _candidate_context(request, candidate, merge_form=None):
    left, right = selectors.pair_members(candidate)
    for member in (left, right):
        if member is not None:
            audit_read(actor=request.user, obj=member, member_id=member.pk, action="dedup.review_read")
    return {
        "candidate": candidate,
        "left": left,
        "right": right,
        "evidence": evidence_rows(candidate.evidence),
        "merge_form": merge_form or MergeForm(candidate=candidate),
        "merge": selectors.latest_merge(candidate),
        "may_decide": may_decide_pairs(request.user),
    }


@role_required(*REVIEWERS)
def candidate(request, pk):
    found = access_candidate(request.user, pk)
    audit_reads(
        actor=request.user,
        action="dedup.candidate.read",
        member_ids=[found.member_a_id, found.member_b_id],
        obj=found,
    )
    return render(request, "dedup/candidate.html", _candidate_context(request, found))


@require_POST
@role_required(*REVIEWERS)
@recent_auth_required(minutes=15)
def merge(request, pk):
    found = access_candidate_to_decide(request.user, pk)
    form = MergeForm(request.POST, candidate=found)
    if not form.is_valid():
        return render(request, "dedup/candidate.html", _candidate_context(request, found, form), status=400)
    try:
        services.candidate_merge(
            actor=request.user, candidate=found, survivor_id=form.cleaned_data["survivor"]
        )
    except services.DedupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The two records were merged. You can undo the merge from this page."))
    return redirect("dedup:candidate", pk=found.pk)


@require_POST
@role_required(*REVIEWERS)
def distinct(request, pk):
    found = access_candidate_to_decide(request.user, pk)
    if not ConfirmForm(request.POST).is_valid():
        return HttpResponseBadRequest(_("Confirm the decision with the button on the page."))
    try:
        services.candidate_mark_distinct(actor=request.user, candidate=found)
    except services.DedupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as different people. This pair will not be proposed again."))
    return redirect("dedup:queue")


@require_POST
@role_required(*REVIEWERS)
def undo(request, pk):
    found = access_merge_to_undo(request.user, pk)
    if not ConfirmForm(request.POST).is_valid():
        return HttpResponseBadRequest(_("Confirm the decision with the button on the page."))
    try:
        services.merge_undo(actor=request.user, merge=found)
    except services.DedupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The merge was undone: both records are back."))
    return redirect("dedup:candidate", pk=found.candidate_id)


@role_required(*OFFICE_STAFF)
@require_POST
def check(request):
    """The registry's member form asks, while the clerk types, whether this person is already registered.

    What was typed (a national ID, a phone) comes in the body of a POST; only the form's prefix and the member
    being edited are in the URL."""
    # A page with several member forms (a household and its head) names its fields with a prefix.
    form = CheckForm(request.POST, prefix=request.GET.get("prefix") or None)
    answer = CheckAnswer()
    if form.is_valid():
        exclude = request.GET.get("exclude", "")
        try:
            answer = duplicate_check(
                actor=request.user,
                data=form.cleaned_data,
                exclude=int(exclude) if exclude.isdigit() else None,
            )
        except CheckThrottled:
            # htmx swaps only successful answers into the form, so the message comes back as a 200 there.
            status = 200 if request.htmx else 429
            return render(request, "dedup/check.html", {"throttled": True}, status=status)
    return render(request, "dedup/check.html", {"answer": answer})
