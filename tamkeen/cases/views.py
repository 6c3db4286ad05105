from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.assessments.selectors import completed_assessments
from tamkeen.core.audit import audit_read, audit_reads
from tamkeen.core.listing import SortOption, paginate
from tamkeen.core.panels import caseload_panels
from tamkeen.geography.models import Governorate
from tamkeen.registry.models import Member

from . import assignment, selectors, services
from .access import (
    access_action_for_work,
    access_household,
    access_member,
    access_member_for_work,
    access_note_behind_glass,
    access_plan,
    access_plan_for_work,
    members_workable_by,
    notes_behind_glass,
    notes_visible_to,
)
from .forms import (
    ActionForm,
    BreakGlassForm,
    CaseloadFilterForm,
    NoteForm,
    PlanForm,
    ReassignForm,
    ReentryForm,
    ReturnForm,
    SanctionForm,
)
from .models import EmpowermentPlan

OFFICE = (Role.CASE_WORKER, Role.SUPERVISOR)
STAFF_READERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@role_required(*OFFICE)
def caseload(request):
    """A case worker's own members; a supervisor may open any worker's caseload of the office (?worker=)."""
    user = request.user
    members = Member.objects.filter(case_worker=user)
    worker = user
    workers = None
    if user.is_supervisor:
        workers = selectors.office_workers(user.office_id)
        worker_id = request.GET.get("worker", "")
        worker = workers.filter(pk=worker_id).first() if worker_id.isdigit() else None
        office_members = Member.objects.filter(household__office_id=user.office_id)
        if worker is not None:
            members = office_members.filter(case_worker=worker)
        elif worker_id == "none":
            members = office_members.filter(case_worker__isnull=True)
        else:
            return redirect("cases:team")
    governorates = Governorate.objects.filter(offices=user.office_id)
    form = CaseloadFilterForm(request.GET or None, governorates=governorates)
    filters = form.cleaned_data if form.is_valid() else {}
    window = selectors.caseload_window(
        selectors.caseload_filter(
            members,
            track=filters.get("track", ""),
            status=filters.get("status", ""),
            governorate=filters.get("governorate", ""),
        ),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    labels = dict(EmpowermentPlan.Status.choices)
    for row in window.rows:
        row.plan_status_label = labels.get(row.plan_status, "")
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    return render(
        request,
        "cases/caseload.html",
        {
            "window": window,
            "form": form,
            "worker": worker,
            "workers": workers,
            "query_prefix": f"{query.urlencode()}&" if query else "",
            "overdue": selectors.caseload_overdue_actions(
                members,
                office_id=user.office_id,
                scope=str(worker.pk) if worker is not None else "none",
                today=timezone.localdate(),
            ),
            "panels": caseload_panels(user, members),
            "today": timezone.localdate(),
            "reassign_form": ReassignForm(workers=workers) if workers is not None else None,
        },
    )


@role_required(Role.SUPERVISOR)
def team(request):
    rows, unassigned = selectors.team_caseloads(request.user.office_id)
    openings = selectors.glass_openings_for_office(request.user.office_id)
    return render(
        request, "cases/team.html", {"rows": rows, "unassigned": unassigned, "glass_openings": openings}
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR)
def note_break_glass(request, pk):
    note = access_note_behind_glass(request.user, pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_break_glass(actor=request.user, note=note, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            return render(
                request, "cases/note_opened.html", {"note": note, "reason": form.cleaned_data["reason"]}
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/note_break_glass.html", {"note": note, "form": form}, status=status)


@role_required(Role.SUPERVISOR)
@require_POST
def reassign(request, member_pk):
    member = access_member_for_work(request.user, member_pk)
    form = ReassignForm(request.POST, workers=selectors.office_workers(request.user.office_id))
    if form.is_valid():
        try:
            services.caseload_reassign(
                actor=request.user,
                member=member,
                to_worker=form.cleaned_data["to_worker"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Member reassigned."))
        except ValidationError as error:
            _fail(request, error)
    else:
        messages.error(request, _("Choose a case worker of your office."))
    back = request.POST.get("worker", "")
    return redirect(f"{_url('cases:caseload')}?worker={back}" if back else _url("cases:team"))


@role_required(Role.SUPERVISOR)
@require_POST
def household_assign(request, pk):
    """From the supervisor's home: every unassigned member of the household goes to the chosen case worker."""
    household = access_household(request.user, pk)
    form = ReassignForm(request.POST, workers=selectors.office_workers(request.user.office_id))
    if form.is_valid():
        try:
            moved = assignment.household_assign_case_worker(
                actor=request.user,
                household=household,
                to_worker=form.cleaned_data["to_worker"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d member now has a case worker.",
                    "%(count)d members now have a case worker.",
                    moved,
                )
                % {"count": moved},
            )
    else:
        messages.error(request, _("Choose a case worker of your office."))
    return redirect("core:home")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


APPROVAL_ORDERS = (
    SortOption("submitted", gettext_lazy("Submitted"), ("submitted_at",)),
    SortOption("track", gettext_lazy("Track"), ("track", "submitted_at")),
)


@role_required(Role.SUPERVISOR)
def approvals(request):
    """The office's submitted plans, the longest waiting first, a page at a time (hundreds in a large office)."""
    listing = paginate(request, selectors.plans_to_approve(request.user.office_id), APPROVAL_ORDERS)
    return render(request, "cases/approvals.html", {"plans": listing.rows, "listing": listing})


@role_required(*STAFF_READERS)
def member(request, member_pk):
    member = access_member(request.user, member_pk)
    audit_read(actor=request.user, obj=member, member_id=member.pk, action="case.read")
    can_work = members_workable_by(request.user).filter(pk=member.pk).exists()
    assessments = completed_assessments(member)
    latest = assessments[-1] if assessments else None
    return render(
        request,
        "cases/member.html",
        {
            "member": member,
            "household": member.household,
            "plan": selectors.current_plan(member),
            "history": selectors.plan_history(member),
            "notes": notes_visible_to(request.user).filter(member=member).select_related("author"),
            "notes_behind_glass": notes_behind_glass(request.user)
            .filter(member=member)
            .select_related("author_office"),
            "note_form": NoteForm() if can_work else None,
            "can_work": can_work,
            "latest_assessment": latest,
            "plan_form": PlanForm(
                initial={"track": (latest.chosen_track or latest.recommended_track) if latest else ""}
            ),
        },
    )


@role_required(*OFFICE)
@require_POST
def plan_new(request, member_pk):
    member = access_member_for_work(request.user, member_pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a track for the plan."))
        return redirect("cases:member", member_pk=member.pk)
    assessments = completed_assessments(member)
    try:
        plan = services.plan_create(
            actor=request.user,
            member=member,
            track=form.cleaned_data["track"],
            goals=form.cleaned_data["goals"],
            assessment=assessments[-1] if assessments else None,
        )
    except ValidationError as error:
        _fail(request, error)
        return redirect("cases:member", member_pk=member.pk)
    return redirect("cases:plan", pk=plan.pk)


@role_required(*STAFF_READERS)
def plan(request, pk):
    plan = access_plan(request.user, pk)
    audit_read(actor=request.user, obj=plan, member_id=plan.member_id)
    return _render_plan(request, plan)


def _render_plan(request, plan, *, plan_form=None, action_form=None, return_form=None, status=200):
    user = request.user
    is_office = user.is_office_staff and user.office_id == plan.member.household.office_id
    can_decide = (
        is_office
        and user.is_supervisor
        and plan.status == plan.Status.SUBMITTED
        and plan.created_by_id != user.pk
    )
    return render(
        request,
        "cases/plan.html",
        {
            "plan": plan,
            "member": plan.member,
            "actions": plan.actions.select_related("referral").order_by("due_date", "id"),
            "can_edit": is_office and plan.is_editable,
            "can_submit": is_office and plan.is_editable,
            "can_revise": is_office and plan.is_current and plan.status == plan.Status.APPROVED,
            "can_progress": is_office and plan.is_current,
            "can_decide": can_decide,
            "plan_form": plan_form or PlanForm(initial={"track": plan.track, "goals": plan.goals}),
            "action_form": action_form or ActionForm(),
            "return_form": return_form or ReturnForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@role_required(*OFFICE)
@require_POST
def plan_edit(request, pk):
    plan = access_plan_for_work(request.user, pk)
    form = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Plan saved."))
            return redirect("cases:plan", pk=plan.pk)
        except ValidationError as error:
            _fail(request, error)
    return _render_plan(request, plan, plan_form=form)


@role_required(*OFFICE)
@require_POST
def action_add(request, pk):
    plan = access_plan_for_work(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_action_add(actor=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, _("Action added."))
            return redirect("cases:plan", pk=plan.pk)
        except ValidationError as error:
            _fail(request, error)
    return _render_plan(request, plan, action_form=form)


@role_required(*OFFICE)
@require_POST
def action_done(request, pk):
    action = access_action_for_work(request.user, pk)
    try:
        services.plan_action_mark_done(actor=request.user, action=action)
        messages.success(request, _("Action marked as done."))
    except ValidationError as error:
        _fail(request, error)
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/cases/")
        else _url("cases:plan", action.plan_id)
    )


def _plan_transition(request, pk, service, success: str, **kwargs):
    plan = access_plan_for_work(request.user, pk)
    try:
        plan = service(actor=request.user, plan=plan, **kwargs)
        messages.success(request, success)
    except ValidationError as error:
        _fail(request, error)
    return redirect("cases:plan", pk=plan.pk)


@role_required(*OFFICE)
@require_POST
def plan_submit(request, pk):
    return _plan_transition(request, pk, services.plan_submit, _("Plan submitted to the supervisor."))


@role_required(Role.SUPERVISOR)
@require_POST
def plan_approve(request, pk):
    return _plan_transition(request, pk, services.plan_approve, _("Plan approved."))


@role_required(Role.SUPERVISOR)
@require_POST
def plan_return(request, pk):
    plan = access_plan_for_work(request.user, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, plan, return_form=form)
    return _plan_transition(
        request,
        pk,
        services.plan_return,
        _("Plan returned to the case worker."),
        reason=form.cleaned_data["reason"],
    )


@role_required(*OFFICE)
@require_POST
def plan_revise(request, pk):
    return _plan_transition(request, pk, services.plan_revise, _("A new version of the plan was drafted."))


@role_required(*OFFICE)
@require_POST
def note_add(request, member_pk):
    member = access_member_for_work(request.user, member_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(actor=request.user, member=member, **form.cleaned_data)
            messages.success(request, _("Note added."))
        except ValidationError as error:
            _fail(request, error)
    else:
        messages.error(request, _("A note cannot be empty."))
    return redirect("cases:member", member_pk=member.pk)


@role_required(*STAFF_READERS)
def household(request, pk):
    household = access_household(request.user, pk)
    is_office = request.user.is_office_staff and request.user.office_id == household.office_id
    members = list(household.members.all())
    audit_reads(
        actor=request.user, action="cases.household.read", member_ids=[m.pk for m in members], obj=household
    )
    return render(
        request,
        "cases/household.html",
        {
            "household": household,
            "members": members,
            **selectors.household_case(household),
            "is_supervisor": is_office and request.user.is_supervisor,
            "is_office": is_office,
            "sanction_form": SanctionForm(),
            "reentry_form": ReentryForm(),
            "today": timezone.localdate(),
        },
    )


def _household_action(request, pk, run, success: str):
    household = access_household(request.user, pk)
    try:
        run(household)
        messages.success(request, success)
    except ValidationError as error:
        _fail(request, error)
    return redirect("cases:household", pk=household.pk)


@role_required(Role.SUPERVISOR)
@require_POST
def household_graduate(request, pk):
    return _household_action(
        request,
        pk,
        lambda h: services.household_graduate(actor=request.user, household=h),
        _("The household has graduated."),
    )


@role_required(Role.SUPERVISOR)
@require_POST
def household_sanction(request, pk):
    form = SanctionForm(request.POST)
    if not form.is_valid():
        access_household(request.user, pk)
        messages.error(request, _("A sanction exit needs its ground and its legal reference."))
        return redirect("cases:household", pk=pk)
    return _household_action(
        request,
        pk,
        lambda h: services.household_exit_sanction(actor=request.user, household=h, **form.cleaned_data),
        _("The sanction exit is recorded."),
    )


@role_required(*OFFICE)
@require_POST
def household_reenter(request, pk):
    form = ReentryForm(request.POST)
    if not form.is_valid():
        access_household(request.user, pk)
        messages.error(request, _("Say why the household re-enters."))
        return redirect("cases:household", pk=pk)
    return _household_action(
        request,
        pk,
        lambda h: services.household_reenter(actor=request.user, household=h, **form.cleaned_data),
        _("The household's case is restored."),
    )
