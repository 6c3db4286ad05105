from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tamkeen.accounts.access import recent_auth_required, role_required
from tamkeen.core.audit import audit_record
from tamkeen.core.exports import hijri_cell, table_response
from tamkeen.core.models import AuditEvent

from .access import TRAIL_READERS
from .forms import TrailFilterForm, filter_query
from .selectors import member_id_for_national_id, page_of, trail_events

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _read_form(request) -> TrailFilterForm:
    data = request.GET.copy()
    data.pop("national_id", None)  # only ever posted
    return TrailFilterForm(data)


def _record_search(request, action: str, filters, query: str) -> None:
    # The auditor reads the trail, not the person's file: the member searched for stays in the filters, so
    # the desk's own searches do not show up among who read that member's file.
    audit_record(
        actor=request.user,
        action=action,
        object_type="core.auditevent",
        changes={"filters": [None, query]},
        kind=AuditEvent.Kind.READ,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*TRAIL_READERS)
def trail(request):
    if request.method == "POST":
        form = TrailFilterForm(request.POST)
        if form.is_valid():
            member = None
            national_id = form.cleaned_data.get("national_id")
            if national_id:
                member = member_id_for_national_id(national_id)
                audit_record(
                    actor=request.user,
                    action="audit.member_lookup",
                    object_type="registry.member",
                    object_id=member or "",
                    kind=AuditEvent.Kind.READ,
                )
                if member is None:
                    form.add_error("national_id", _("No member has this national ID."))
            if form.is_valid():
                return redirect(f"{reverse('audit:trail')}?{filter_query(form.trail_filter(member))}")
        return render(request, "audit/trail.html", {"form": form, "events": None})

    form = _read_form(request)
    context = {"form": form, "events": None}
    if form.is_valid():
        filters = form.trail_filter()
        query = filter_query(filters)
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        events, has_next = page_of(trail_events(filters), page, PAGE_SIZE)
        _record_search(request, "audit.search", filters, query)
        context.update(
            events=events, filters=filters, query=query, page=page, has_next=has_next, has_previous=page > 1
        )
    return render(request, "audit/trail.html", context)


def _rows(events):
    for event in events.iterator(chunk_size=2000):
        actor = event.actor
        yield [
            event.id,
            hijri_cell(event.at),
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            actor.username if actor else "",
            actor.get_full_name() if actor else "",
            actor.get_role_display() if actor else "",
            event.get_kind_display(),
            event.action,
            event.object_type,
            event.object_id,
            event.member_id,
            event.reason,
            ", ".join(sorted(event.changes)) if isinstance(event.changes, dict) else "",
        ]


@never_cache
@require_GET
@role_required(*TRAIL_READERS)
@recent_auth_required(minutes=15)
def export(request, fmt):
    form = _read_form(request)
    if fmt not in ("csv", "xlsx") or not form.is_valid():
        return render(request, "audit/trail.html", {"form": form, "events": None}, status=400)
    filters = form.trail_filter()
    _record_search(request, "audit.export", filters, filter_query(filters))
    columns = [
        _("Event"), _("Date (Hijri)"), _("When"), _("Username"), _("Name"), _("Role"), _("Kind"), _("Action"),
        _("Record type"), _("Record number"), _("Member number"), _("Reason"), _("Changed fields"),
    ]  # fmt: skip
    events = trail_events(filters)[:EXPORT_LIMIT]
    return table_response(
        columns, _rows(events), fmt=fmt, filename=f"audit-trail-{timezone.localdate():%Y%m%d}", sheet="audit"
    )
