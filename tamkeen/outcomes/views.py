from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_read

from . import services
from .access import (
    access_employment_import,
    access_follow_up_for_work,
    access_member_for_outcome,
    access_outcome,
    access_outcome_for_confirmation,
    can_refute_outcome,
    can_verify_outcome,
    employment_imports_visible_to,
    follow_ups_visible_to,
    may_upload_employment,
    outcomes_visible_to,
)
from .forms import (
    ConfirmForm,
    EmploymentUploadForm,
    FollowUpForm,
    OutcomeFilterForm,
    OutcomeReportForm,
    RefuteForm,
    VerifyForm,
)
from .models import FollowUp
from .selectors import wage_bands_on, with_wage_facts
from .wages import wage_facts

# Partners never open outcomes: they see a person only through a referral sent to them (tamkeen.referrals).
READERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)
OFFICE = (Role.CASE_WORKER, Role.SUPERVISOR)


def _fail(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@role_required(*READERS)
def outcome_list(request):
    form = OutcomeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = with_wage_facts(outcomes_visible_to(request.user).select_related("member", "office", "entity"))
    if filters.get("status"):
        rows = rows.filter(verification_status=filters["status"])
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("discovered"):
        rows = rows.filter(is_discovered=True)
    page = Paginator(rows.order_by("-date", "-id"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "outcomes/list.html",
        {
            "form": form,
            "page_obj": page,
            "query_prefix": query.urlencode() + "&" if query else "",
        },
    )


@role_required(*READERS)
def outcome_detail(request, pk):
    outcome = access_outcome(request.user, pk)
    audit_read(actor=request.user, obj=outcome, member_id=outcome.member_id)
    user = request.user
    confirmations = list(outcome.confirmations.select_related("entity", "actor"))
    return render(
        request,
        "outcomes/detail.html",
        {
            "outcome": outcome,
            "wage_facts": wage_facts(outcome.wage, outcome.disability, wage_bands_on(outcome.date)),
            "verifications": outcome.verifications.select_related("actor"),
            "confirmations": confirmations,
            "follow_ups": outcome.follow_ups.select_related("assigned_to"),
            "can_verify": can_verify_outcome(user, outcome),
            "can_refute": can_refute_outcome(user, outcome),
            "verify_form": VerifyForm(has_confirmation=bool(confirmations)),
            "refute_form": RefuteForm(),
        },
    )


@require_POST
@role_required(*READERS)
def outcome_verify(request, pk):
    outcome = access_outcome(request.user, pk)
    if not can_verify_outcome(request.user, outcome):
        raise PermissionDenied
    form = VerifyForm(request.POST, has_confirmation=outcome.confirmations.exists())
    if form.is_valid():
        try:
            services.outcome_verify(actor=request.user, outcome=outcome, **form.cleaned_data)
            messages.success(request, _("The outcome is verified."))
        except ValidationError as error:
            _fail(request, error)
    else:
        messages.error(request, _("Choose the evidence."))
    return redirect("outcomes:detail", pk=outcome.pk)


@require_POST
@role_required(*READERS)
def outcome_refute(request, pk):
    outcome = access_outcome(request.user, pk)
    if not can_refute_outcome(request.user, outcome):
        raise PermissionDenied
    form = RefuteForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_refute(actor=request.user, outcome=outcome, **form.cleaned_data)
            messages.success(request, _("The outcome is refuted; it will not be counted."))
        except ValidationError as error:
            _fail(request, error)
    else:
        messages.error(request, _("Say why the outcome is refuted."))
    return redirect("outcomes:detail", pk=outcome.pk)


@require_POST
@role_required(Role.PARTNER)
def outcome_confirm(request, pk):
    """The receiving entity confirms its referral's outcome; the office then weighs the evidence."""
    outcome = access_outcome_for_confirmation(request.user, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        services.outcome_confirm(actor=request.user, outcome=outcome, **form.cleaned_data)
        messages.success(request, _("Thank you: your confirmation is on file for the office."))
    else:
        messages.error(request, _("Check the reference and the note."))
    return redirect("referrals:detail", public_id=outcome.referral.public_id)


@role_required(*OFFICE)
def outcome_report(request, member_pk):
    member = access_member_for_outcome(request.user, member_pk)
    form = OutcomeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_report(actor=request.user, member=member, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The outcome is recorded as reported; verify it to count it."))
            return redirect("outcomes:detail", pk=outcome.pk)
    return render(request, "outcomes/report.html", {"member": member, "form": form})


@role_required(*OFFICE, Role.MANAGER)
def follow_up_list(request):
    show = request.GET.get("show", "pending")
    rows = follow_ups_visible_to(request.user).select_related("outcome__member", "assigned_to")
    if show == "pending":
        rows = rows.filter(result=FollowUp.Result.PENDING)
    page = Paginator(rows.order_by("due_on", "id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "outcomes/follow_ups.html",
        {
            "page_obj": page,
            "show": show,
            "query_prefix": f"show={show}&",
        },
    )


@role_required(*OFFICE)
def follow_up_record(request, pk):
    follow_up = access_follow_up_for_work(request.user, pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("outcomes:follow_ups")
    return render(request, "outcomes/follow_up.html", {"follow_up": follow_up, "form": form})


@role_required(Role.MANAGER)
def employment_upload(request):
    may_upload = may_upload_employment(request.user)
    if request.method == "POST" and not may_upload:
        raise PermissionDenied
    form = EmploymentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = services.employment_import_queue(
            actor=request.user, file_name=upload.name, content=upload.read()
        )
        return redirect("outcomes:employment_import", pk=job.pk)
    imports = employment_imports_visible_to(request.user).defer("content")[:20]
    return render(
        request,
        "outcomes/employment_upload.html",
        {"form": form if may_upload else None, "imports": imports},
    )


@role_required(Role.MANAGER)
def employment_import(request, pk):
    job = access_employment_import(request.user, pk)
    template = "outcomes/employment_import.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job})
