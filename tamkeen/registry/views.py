from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_read, audit_reads
from tamkeen.core.files import private_file_response
from tamkeen.core.listing import SortOption, paginate
from tamkeen.core.panels import household_panels, member_panels

from . import selectors, services
from .access import (
    access_household,
    access_household_for_edit,
    access_member,
    access_member_for_edit,
    access_member_for_review,
    access_roll_import,
    members_visible_to,
    roll_imports_visible_to,
)
from .forms import AssignFileForm, HouseholdForm, MemberForm, ReviewResolveForm, RollUploadForm, SearchForm
from .rules import ScopeReason, member_scope_on

SCOPE_LABELS = {
    ScopeReason.IN_SCOPE: gettext_lazy("In scope: of working age and able or rehabilitable"),
    ScopeReason.CAPACITY_UNKNOWN: gettext_lazy("In scope: work capacity not assessed yet"),
    # The ages are the dated rule's in force (registry.programme_scope), never written into the words.
    ScopeReason.UNDER_AGE: gettext_lazy("Out of scope: under %(min_age)s"),
    ScopeReason.OVER_AGE: gettext_lazy("Out of scope: older than %(max_age)s"),
    ScopeReason.NOT_REHABILITABLE: gettext_lazy("Out of scope: not rehabilitable"),
    ScopeReason.STUDENT_EXEMPT: gettext_lazy(
        "Exempt: full-time student aged %(student_min_age)s–%(student_max_age)s"
    ),
    ScopeReason.CAREGIVER_EXEMPT: gettext_lazy("Exempt: caregiver"),
}


def scope_label(reason: ScopeReason, ages) -> str:
    """The reason in words, with the ages of the rule in force."""
    return str(SCOPE_LABELS[reason]) % asdict(ages)


SEARCHERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)
EDITORS = (Role.CASE_WORKER, Role.SUPERVISOR)
PAGE_SIZE = 25
# The search is paged and sorted by POST fields (tamkeen.core.listing, params=request.POST).
SEARCH_ORDERS = (
    SortOption("name", gettext_lazy("Name"), ("name_key",)),
    SortOption("file", gettext_lazy("File number"), ("household__file_number",)),
    SortOption("birth", gettext_lazy("Birth date"), ("birth_date",)),
)


@require_http_methods(["GET", "POST"])
@role_required(*SEARCHERS)
def search(request):
    # National IDs and phone numbers are typed here: they travel in the body of a POST, never in a URL where
    # server logs, browser history and Referer headers would keep them. A query in the URL is ignored.
    form = SearchForm(request.POST or None)
    listing = None
    too_short = False
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        results = selectors.search_members(request.user, query)
        if results is None:
            too_short = True
        else:
            listing = paginate(request, results, SEARCH_ORDERS, params=request.POST)
            # Each member listed is a read of that person (names, IDs, birth dates are on the page).
            audit_reads(
                actor=request.user,
                action="registry.search.read",
                member_ids=[member.pk for member in listing.rows],
                object_type="registry.search",
            )
    page = listing.page if listing else None
    context = {"form": form, "listing": listing, "page": page, "too_short": too_short, "query": query}
    if request.htmx and not request.htmx.boosted:
        return render(request, "registry/search.html#results", context)
    return render(request, "registry/search.html", context)


@require_GET
@login_required
def household_detail(request, pk):
    household = access_household(request.user, pk)
    # A beneficiary sees the household's file but, of its members, only themself (consent is per person).
    # The visible members of this household only: the subquery stays on the household's rows, not the office's.
    visible = members_visible_to(request.user).filter(household_id=household.pk).values("pk")
    members = list(selectors.household_members(household).filter(pk__in=visible))
    audit_reads(
        actor=request.user, action="household.read", member_ids=[m.pk for m in members], obj=household
    )
    context = {
        "household": household,
        "members": members,
        "history": selectors.household_history(household),
        "can_edit": request.user.is_office_staff,
        "assign_file_form": AssignFileForm()
        if household.is_prospect and request.user.is_office_staff
        else None,
        "panels": household_panels(request.user, household),
    }
    return render(request, "registry/household.html", context)


@require_GET
@login_required
def member_detail(request, pk):
    # The page names the case worker: read with the member, not by a statement of its own.
    member = access_member(request.user, pk, related=("household", "case_worker"))
    audit_read(actor=request.user, obj=member, member_id=member.pk)
    today = timezone.localdate()
    ages = selectors.scope_ages_on(today)
    in_scope, scope_reason = member_scope_on(member, today, ages)
    context = {
        "member": member,
        "household": member.household,
        "in_scope": in_scope,
        "scope_reason": scope_label(scope_reason, ages),
        "history": selectors.member_history(member),
        "can_edit": request.user.is_office_staff,
        "panels": member_panels(request.user, member),
    }
    return render(request, "registry/member.html", context)


@role_required(*EDITORS)
def household_add(request):
    office = request.user.office
    household_form = HouseholdForm(request.POST or None, office=office, prefix="household")
    head_form = MemberForm(request.POST or None, office=office, prefix="head", initial={"relation": "head"})
    head_form.fields["relation"].disabled = True
    if request.method == "POST" and household_form.is_valid() and head_form.is_valid():
        try:
            household = services.household_create(
                actor=request.user, office=office, household_values=household_form.values,
                head_values=head_form.values, reason=head_form.cleaned_data.get("reason", ""),
            )  # fmt: skip
        except ValidationError as error:
            household_form.add_error(None, error)
        else:
            messages.success(request, _("The household was added."))
            return redirect("registry:household", pk=household.pk)
    return render(
        request, "registry/household_form.html", {"household_form": household_form, "head_form": head_form}
    )


@require_POST
@role_required(*EDITORS)
def household_assign_file(request, pk):
    household = access_household_for_edit(request.user, pk)
    form = AssignFileForm(request.POST)
    if form.is_valid():
        try:
            services.household_assign_file(
                actor=request.user, household=household, file_number=form.cleaned_data["file_number"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The household now has its social-security file number."))
    else:
        messages.error(request, _("Give the file number."))
    return redirect("registry:household", pk=household.pk)


@role_required(*EDITORS)
def member_add(request, pk):
    household = access_household_for_edit(request.user, pk)
    form = MemberForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(
                actor=request.user,
                household=household,
                values=form.values,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("registry:household", pk=household.pk)
    return render(
        request, "registry/member_form.html", {"form": form, "household": household, "member": None}
    )


@role_required(*EDITORS)
def member_edit(request, pk):
    member = access_member_for_edit(request.user, pk)
    if request.method == "GET":  # the form shows the member's record
        audit_read(actor=request.user, obj=member, member_id=member.pk, action="member.edit.read")
    initial = {field: getattr(member, field) for field in (*MemberForm.ROLL_COLUMNS, *MemberForm.EXTRA)}
    initial["birth_date"] = member.birth_date.isoformat()
    form = MemberForm(request.POST or None, household=member.household, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.member_update(
                actor=request.user, member=member, values=form.values, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved.") if changes else _("Nothing changed."))
            return redirect("registry:member", pk=member.pk)
    return render(
        request, "registry/member_form.html", {"form": form, "household": member.household, "member": member}
    )


IMPORT_ORDERS = (
    SortOption("started", gettext_lazy("Date started"), ("created_at",), descending=True),
    SortOption("file", gettext_lazy("File"), ("original_name",)),
    SortOption("status", gettext_lazy("Status"), ("status",)),
)


@role_required(Role.SUPERVISOR)
def imports(request):
    form = RollUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        roll_import = services.roll_import_start(
            actor=request.user, upload=form.cleaned_data["file"], complete=form.cleaned_data["complete"]
        )
        return redirect("registry:import_detail", pk=roll_import.pk)
    listing = paginate(
        request, roll_imports_visible_to(request.user).select_related("created_by"), IMPORT_ORDERS
    )
    return render(
        request, "registry/imports.html", {"form": form, "imports": listing.rows, "listing": listing}
    )


@require_GET
@role_required(Role.SUPERVISOR)
def import_detail(request, pk):
    roll_import = access_roll_import(request.user, pk)
    context = {"roll_import": roll_import}
    if request.htmx:
        return render(request, "registry/import_detail.html#progress", context)
    return render(request, "registry/import_detail.html", context)


@require_GET
@role_required(Role.SUPERVISOR)
def import_report(request, pk):
    roll_import = access_roll_import(request.user, pk)
    return private_file_response(roll_import.report, filename=f"rejected-rows-{roll_import.pk}.xlsx")


@require_GET
@role_required(Role.SUPERVISOR)
def reviews(request):
    """The office's members flagged for review, oldest flag first."""
    page = Paginator(selectors.members_flagged_for_review(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "registry/reviews.html", {"page": page, "form": ReviewResolveForm()})


@role_required(Role.SUPERVISOR)
def review_resolve(request, pk):
    member = access_member_for_review(request.user, pk)
    form = ReviewResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_review_resolve(
                actor=request.user, member=member, resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review flag was resolved."))
            return redirect("registry:reviews")
    context = {"member": member, "form": form, "flags": selectors.member_review_flags(member)}
    return render(request, "registry/review_resolve.html", context)
