from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.core.access import get_visible_or_404
from tamkeen.core.audit import audit_read
from tamkeen.core.exports import table_response
from tamkeen.core.listing import SortOption, paginate
from tamkeen.registry.access import access_member, households_visible_to, members_visible_to

from . import selectors, services
from .access import (
    access_appeal,
    access_grievance,
    appeals_visible_to,
    can_close,
    can_handle,
    grievances_visible_to,
    may_decide_appeals,
)
from .forms import (
    AnswerForm,
    AppealForm,
    CloseForm,
    DecideForm,
    MemberGrievanceForm,
    PeriodForm,
    ServiceLevelForm,
    StaffAppealForm,
    StaffGrievanceForm,
)
from .models import Category, Channel, ServiceLevel

OFFICE = (Role.CASE_WORKER, Role.SUPERVISOR)
HANDLERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)
READERS = (*HANDLERS, Role.BENEFICIARY)
FIGURES = (Role.SUPERVISOR, Role.MANAGER)


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


GRIEVANCE_ORDERS = (
    SortOption("due", gettext_lazy("Answer due"), ("due_at",)),
    SortOption("received", gettext_lazy("Date received"), ("received_at",), descending=True),
    SortOption("reference", gettext_lazy("Reference"), ("reference",)),
)


@role_required(*HANDLERS)
def queue(request):
    state = request.GET.get("state", "open")
    state = state if state in selectors.STATE_FILTERS else "open"
    visible = grievances_visible_to(request.user)
    listing = paginate(
        request, lambda ordering: selectors.queue(visible, state=state, ordering=ordering), GRIEVANCE_ORDERS
    )
    return render(
        request,
        "grievances/queue.html",
        {"rows": listing.rows, "listing": listing, "state": state, "states": selectors.STATE_FILTERS},
    )


@role_required(Role.BENEFICIARY)
def mine(request):
    """The signed-in member's own grievances and appeals, and the decisions they may appeal."""
    return render(
        request,
        "grievances/mine.html",
        {
            "grievances": grievances_visible_to(request.user).order_by("-received_at")[:50],
            "appeals": appeals_visible_to(request.user)[:50],
            "appealable": selectors.appealable_decisions(request.user),
            "now": timezone.now(),
        },
    )


@role_required(Role.BENEFICIARY)
def new(request):
    form = MemberGrievanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grievance = services.grievance_file(
                actor=request.user,
                channel=Channel.PORTAL,
                category=form.cleaned_data["category"],
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                is_anonymous=form.cleaned_data["is_anonymous"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                _("Your grievance was received. Its reference is %(ref)s.") % {"ref": grievance.reference},
            )
            return redirect("grievances:detail", grievance.pk)
    return render(request, "grievances/file.html", {"form": form})


@role_required(*OFFICE)
def record(request):
    """A grievance told at the counter or on the phone, about a member of the office or nobody named."""
    data = request.POST or None
    member_pk = (request.POST or request.GET).get("member", "")
    member = access_member(request.user, member_pk) if member_pk else None
    form = StaffGrievanceForm(data, initial={"member": member.pk if member else None})
    if request.method == "POST" and form.is_valid():
        try:
            grievance = services.grievance_file(
                actor=request.user,
                channel=form.cleaned_data["channel"],
                category=form.cleaned_data["category"],
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                member=member,
                is_anonymous=form.cleaned_data["is_anonymous"],
                contact_name=form.cleaned_data["contact_name"],
                contact_phone=form.cleaned_data["contact_phone"] or "",
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Grievance %(ref)s recorded.") % {"ref": grievance.reference})
            return redirect("grievances:detail", grievance.pk)
    return render(request, "grievances/record.html", {"form": form, "member": member})


@role_required(*READERS)
def detail(request, pk):
    grievance = access_grievance(request.user, pk)
    if grievance.member_id and not request.user.is_beneficiary:
        audit_read(actor=request.user, obj=grievance, member_id=grievance.member_id, action="grievance.read")
    now = timezone.now()
    return render(
        request,
        "grievances/detail.html",
        {
            "grievance": grievance,
            "sla": grievance.sla_state(now),
            "events": grievance.events.select_related("actor"),
            "staff_view": not request.user.is_beneficiary,
            "can_handle": can_handle(request.user, grievance),
            "can_close": can_close(request.user, grievance),
            "answer_form": AnswerForm(),
            "close_form": CloseForm(),
        },
    )


def _act(request, pk, run, success):
    grievance = access_grievance(request.user, pk)
    try:
        run(grievance)
    except PermissionDenied:
        raise
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, success)
    return redirect("grievances:detail", grievance.pk)


@require_POST
@role_required(*HANDLERS)
def take(request, pk):
    return _act(
        request,
        pk,
        lambda g: services.grievance_take(actor=request.user, grievance=g),
        _("You hold this grievance."),
    )


@require_POST
@role_required(*HANDLERS)
def answer(request, pk):
    form = AnswerForm(request.POST)
    text = form.cleaned_data["answer"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda g: services.grievance_answer(actor=request.user, grievance=g, answer=text),
        _("The answer was sent."),
    )


@require_POST
@role_required(*HANDLERS)
def close(request, pk):
    form = CloseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda g: services.grievance_close(actor=request.user, grievance=g, note=note),
        _("The grievance was closed."),
    )


@role_required(Role.ADMIN, Role.MANAGER)
def service_levels(request):
    may_set = services.may_set_service_levels(request.user)
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    form = ServiceLevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_level_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The new time was saved."))
            return redirect("grievances:service_levels")
    categories = Category.objects.select_related("parent").prefetch_related("service_levels")
    today = timezone.localdate()
    rows = [
        {
            "category": category,
            "current": services.service_level_for(category, today),
            "levels": category.service_levels.all(),
        }
        for category in categories
    ]
    return render(
        request,
        "grievances/service_levels.html",
        {
            "rows": rows,
            "form": form if may_set else None,
            "pending": ServiceLevel.objects.filter(effective_from__gt=today).count(),
        },
    )


def _period(request):
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    end = data.get("end") or timezone.localdate()
    start = data.get("start") or end - timedelta(days=90)
    return form, start, end


@role_required(*FIGURES)
def figures(request):
    form, start, end = _period(request)
    rows = selectors.figures(grievances_visible_to(request.user), start, end)
    return render(
        request,
        "grievances/figures.html",
        {"form": form, "rows": rows, "totals": selectors.totals(rows), "start": start, "end": end,
         "query": f"start={start.isoformat()}&end={end.isoformat()}"},
    )  # fmt: skip


@role_required(*FIGURES)
def figures_export(request):
    _form, start, end = _period(request)
    rows = selectors.figures(grievances_visible_to(request.user), start, end)
    # Exports are inert (security rule 5): the platform's one table writer quotes what would run as a formula.
    header = [_("Office"), _("Category"), _("Received"), _("Open"), _("Open and late"), _("Answered"),
              _("Answered within the time"), _("Share answered within the time (percent)")]  # fmt: skip
    table = (
        [row.office.name, row.category.name, row.received, row.open, row.breached_open, row.answered,
         row.answered_in_time, row.in_time_share]
        for row in rows
    )  # fmt: skip
    return table_response(
        header, table, fmt="csv", filename=f"grievances-{start.isoformat()}-{end.isoformat()}"
    )


# ---- appeals ---------------------------------------------------------------------------------------------------


@role_required(*HANDLERS)
def appeals(request):
    rows = appeals_visible_to(request.user).select_related("decided_by")[:300]
    return render(request, "grievances/appeals.html", {"appeals": rows})


def _decision(user, kind, pk):
    from tamkeen.cases.models import CaseExit
    from tamkeen.referrals.models import Referral

    if kind == "exit":
        return get_visible_or_404(
            CaseExit.objects.filter(household__in=households_visible_to(user)).select_related("household"),
            pk=pk,
        )
    if kind == "proposal":
        visible = Referral.objects.filter(member__in=members_visible_to(user))
        if user.is_beneficiary:
            visible = visible.filter(member__user=user)
        return get_visible_or_404(visible.select_related("member__household", "opportunity"), pk=pk)
    if kind == "correction":
        from tamkeen.privacy.models import CorrectionRequest

        visible = CorrectionRequest.objects.filter(member__in=members_visible_to(user))
        if user.is_beneficiary:
            visible = visible.filter(member__user=user)
        return get_visible_or_404(visible.select_related("member__household"), pk=pk)
    raise Http404


@role_required(Role.CASE_WORKER, Role.SUPERVISOR, Role.BENEFICIARY)
def appeal_file(request, kind, pk):
    decision = _decision(request.user, kind, pk)
    form_class = AppealForm if request.user.is_beneficiary else StaffAppealForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_file(
                actor=request.user,
                decision=decision,
                legal_ground=form.cleaned_data["legal_ground"],
                statement=form.cleaned_data["statement"],
                channel=form.cleaned_data.get("channel", Channel.PORTAL),
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request, _("The appeal was received. Its reference is %(ref)s.") % {"ref": appeal.reference}
            )
            return redirect("grievances:appeal_detail", appeal.pk)
    return render(request, "grievances/appeal_file.html", {"form": form, "decision": decision, "kind": kind})


@role_required(*READERS)
def appeal_detail(request, pk):
    appeal = access_appeal(request.user, pk)
    if not request.user.is_beneficiary:
        audit_read(actor=request.user, obj=appeal, member_id=appeal.member_id, action="appeal.read")
    return render(
        request,
        "grievances/appeal_detail.html",
        {
            "appeal": appeal,
            "can_decide": may_decide_appeals(request.user, appeal)
            and appeal.original_decider_id != request.user.pk,
            "form": DecideForm(),
        },
    )


@require_POST
@role_required(Role.SUPERVISOR, Role.MANAGER)
def appeal_decide(request, pk):
    appeal = access_appeal(request.user, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give its reasons."))
        return redirect("grievances:appeal_detail", appeal.pk)
    try:
        services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            reverse=form.cleaned_data["outcome"] == "reverse",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The appeal was decided and the person told."))
    return redirect("grievances:appeal_detail", appeal.pk)
