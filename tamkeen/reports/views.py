from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tamkeen.accounts.access import recent_auth_required, role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_event, audit_reads
from tamkeen.core.exports import hijri_cell
from tamkeen.core.models import AuditEvent
from tamkeen.core.panels import dashboard_panels
from tamkeen.geography.models import Office
from tamkeen.outcomes.counting import year_range

from . import selectors, services
from .exports import table_response
from .forms import FIGURE_CHOICES, DashboardForm, DrilldownForm, TargetForm
from .rendering import rendered_tables

VIEWERS = (Role.MANAGER, Role.SUPERVISOR)
EXPORT_FORMATS = ("csv", "xlsx")


def _period(request, form_class=DashboardForm):
    form = form_class(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    calendar = data.get("calendar") or "hijri"
    year = data.get("year") or selectors.current_year(calendar)
    return form, data, calendar, year


@role_required(*VIEWERS)
def dashboard(request):
    scope = selectors.scope_for(request.user)
    form, data, calendar, year = _period(request)
    by = data.get("by") or ("track" if scope.is_office else "office")
    context = selectors.dashboard(scope, year, calendar, by)
    start_date, end_date = year_range(year, calendar)
    period = f"year={year}&calendar={calendar}"
    return render(
        request,
        "reports/dashboard.html",
        {
            "start_date": start_date,
            "end_date": end_date,
            **context,
            "form": form,
            "scope": scope,
            "year": year,
            "calendar": calendar,
            "by": by,
            "years": selectors.year_choices(calendar),
            "rendered_tables": rendered_tables(context["tables"], period),
            "period": period,
            "panels": dashboard_panels(request.user, (start_date, end_date)),
        },
    )


@role_required(*VIEWERS)
@recent_auth_required(minutes=15)
def export_table(request, name, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    scope = selectors.scope_for(request.user)
    _form, _data, calendar, year = _period(request)
    table = selectors.table_by_name(scope, year, calendar, name)
    if table is None:
        raise Http404
    return table_response(table.columns, table.rows, fmt, f"{name}-{year}")


def _drilldown(request):
    scope = selectors.scope_for(request.user)
    form, data, calendar, year = _period(request, DrilldownForm)
    if not form.is_valid():
        raise Http404
    figure, by, key = data["figure"], data.get("by") or "", data.get("key") or ""
    if scope.is_office and by == "office" and key not in {o.code for o in scope.offices}:
        raise Http404  # a supervisor's drill-down stays in their office
    rows = selectors.outcomes_behind(scope, year=year, calendar=calendar, figure=figure, by=by, key=key)
    # What was asked, appended with the reads of the people listed (audit_reads(before=…)): one statement.
    asked = audit_event(
        actor=request.user,
        action="reports.drilldown",
        object_type="reports.drilldown",
        kind=AuditEvent.Kind.READ,
        changes={"query": [None, request.GET.urlencode()]},
    )
    return scope, figure, by, key, year, calendar, rows, asked


@role_required(*VIEWERS)
def drilldown(request):
    scope, figure, by, key, year, calendar, rows, asked = _drilldown(request)
    totals = selectors.drilldown_totals(rows)
    paginator = Paginator(selectors.drilldown_shown(rows), 50)
    paginator.count = totals["records"]  # known already: the paginator need not count again
    page = paginator.get_page(request.GET.get("page"))
    # The rows' choice labels looked up once, not through get_FOO_display per cell (which hashes every choice).
    kinds, evidence = selectors.outcome_labels()
    for o in page:
        o.kind_label = kinds.get(o.kind, o.kind)
        o.evidence_label = evidence.get(o.evidence_kind, o.evidence_kind)
    # The page names people: each one listed is a read of that person's record.
    audit_reads(
        actor=request.user,
        action="reports.drilldown.read",
        member_ids=[o.member_id for o in page],
        object_type="reports.drilldown",
        before=[asked],
    )
    query = request.GET.copy()
    query.pop("page", None)
    labels = selectors.breakdown_labels(by) if by else {}
    return render(
        request,
        "reports/drilldown.html",
        {
            "page_obj": page,
            "query_prefix": query.urlencode() + "&",
            "query": query.urlencode(),
            "figure_label": dict(FIGURE_CHOICES)[figure],
            "key_label": labels.get(key, key),
            "year": year,
            "calendar": calendar,
            "families": totals["families"],
            "members": totals["members"],
            "records": totals["records"],
            "scope": scope,
        },
    )


@role_required(*VIEWERS)
@recent_auth_required(minutes=15)
def drilldown_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _scope, figure, _by, _key, year, _calendar, rows, asked = _drilldown(request)
    columns = [
        _("Social-security file"),
        _("National ID"),
        _("Member"),
        _("Office"),
        _("Kind"),
        _("Date (Hijri)"),
        _("Date"),
        _("Enabling entity"),
        _("Evidence"),
    ]
    kinds, evidence = selectors.outcome_labels()
    table = [
        [
            o.household.file_number,
            o.member.national_id,
            o.member.full_name,
            o.office.code,
            kinds.get(o.kind, o.kind),
            hijri_cell(o.date),
            o.date.isoformat(),
            o.entity.code if o.entity else "",
            evidence.get(o.evidence_kind, o.evidence_kind),
        ]
        for o in rows.iterator(chunk_size=2000)
    ]
    audit_reads(
        actor=request.user,
        action="reports.drilldown.export",
        member_ids=list(rows.values_list("member_id", flat=True)),
        object_type="reports.drilldown",
        before=[asked],
    )
    return table_response(columns, table, fmt, f"{figure}-{year}")


@role_required(Role.MANAGER)
def targets(request):
    if request.user.region_id is None:
        raise PermissionDenied  # targets are set per office by the region's own manager
    form, _data, calendar, year = _period(request)
    offices = list(Office.objects.filter(region_id=request.user.region_id).order_by("code"))
    scope = selectors.scope_for(request.user)
    current = selectors.targets(scope, year, calendar)
    rows = []
    failed = False
    for office in offices:
        initial = current.get(office.code, {"families": 0, "members": 0})
        row_form = TargetForm(
            request.POST or None,
            prefix=office.code,
            initial={"empowered_families": initial["families"], "empowered_members": initial["members"]},
        )
        rows.append((office, row_form))
    if request.method == "POST":
        for office, row_form in rows:
            if not row_form.is_valid():
                failed = True
                continue
            try:
                services.target_set(
                    actor=request.user,
                    office=office,
                    year=year,
                    calendar=calendar,
                    empowered_families=row_form.cleaned_data["empowered_families"] or 0,
                    empowered_members=row_form.cleaned_data["empowered_members"] or 0,
                )
            except ValidationError as error:
                failed = True
                messages.error(request, " ".join(error.messages))
        if not failed:
            messages.success(request, _("The targets are saved."))
            return redirect(f"{request.path}?year={year}&calendar={calendar}")
    return render(
        request,
        "reports/targets.html",
        {
            "rows": rows,
            "year": year,
            "calendar": calendar,
            "form": form,
            "years": selectors.year_choices(calendar),
        },
    )
