from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import recent_auth_required, role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_read
from tamkeen.core.exports import table_response
from tamkeen.core.hijri import format_dual
from tamkeen.forum import access, badges, selectors, services
from tamkeen.forum.forms import (
    ApplicationForm,
    BadgeScanForm,
    BoothForm,
    CheckInForm,
    EventForm,
    ExhibitionSaleForm,
    InvitationFilterForm,
    SessionForm,
    WalkInForm,
)
from tamkeen.forum.models import Registration
from tamkeen.forum.tasks import send_invitation_messages

ORGANISER = (Role.ORGANISER,)
EVENT_READERS = (Role.ORGANISER, Role.MANAGER)


@role_required(Role.ORGANISER, Role.MANAGER, Role.PARTNER, Role.BENEFICIARY)
def home(request):
    user = request.user
    context = {
        "events": access.events_visible_to(user).order_by("-starts_on") if user.role in EVENT_READERS else [],
        "booths": access.booths_visible_to(user).select_related("event", "entity", "enterprise")
        if user.role in (Role.PARTNER, Role.BENEFICIARY)
        else [],
        "my_registrations": access.registrations_visible_to(user).select_related("event")
        if user.role == Role.BENEFICIARY
        else [],
        "can_create": user.role == Role.ORGANISER,
    }
    return render(request, "forum/home.html", context)


@role_required(*ORGANISER)
def event_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Forum created. Add its booths and sessions."))
            return redirect("forum:event", pk=event.pk)
    return render(request, "forum/event_form.html", {"form": form})


def _event_page(request, event, *, booth_form=None, session_form=None, status=200):
    booths, sessions = selectors.floor_plan(event)
    return render(
        request,
        "forum/event.html",
        {
            "event": event,
            "can_manage": request.user.role == Role.ORGANISER,
            "booths": booths,
            "sessions": sessions,
            "booth_form": booth_form or BoothForm(prefix="booth"),
            "session_form": session_form or SessionForm(prefix="session"),
            "registration_count": event.registrations.count(),
        },
        status=status,
    )


@role_required(*EVENT_READERS)
def event_detail(request, pk):
    return _event_page(request, access.access_event(request.user, pk))


@role_required(*ORGANISER)
@require_POST
def booth_add(request, pk):
    event = access.access_event_for_organiser(request.user, pk)
    form = BoothForm(request.POST, prefix="booth")
    if form.is_valid():
        try:
            services.booth_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Booth added to the floor plan."))
            return redirect("forum:event", pk=event.pk)
    return _event_page(request, event, booth_form=form, status=400)


@role_required(*ORGANISER)
@require_POST
def session_add(request, pk):
    event = access.access_event_for_organiser(request.user, pk)
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        try:
            services.session_add(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("forum:event", pk=event.pk)
    return _event_page(request, event, session_form=form, status=400)


def _criteria(form) -> selectors.InvitationCriteria:
    data = form.cleaned_data
    return selectors.InvitationCriteria(
        office_id=data["office"].pk if data.get("office") else None,
        governorate_id=data["governorate"].pk if data.get("governorate") else None,
        track=data.get("track") or "",
        min_readiness=float(data["min_readiness"]) if data.get("min_readiness") is not None else None,
    )


@role_required(*ORGANISER)
def invite(request, pk):
    """Choose members by office, governorate, track and readiness: the organiser sees counts, not names."""
    event = access.access_event_for_organiser(request.user, pk)
    form = InvitationFilterForm(request.POST or request.GET or None, event=event)
    breakdown, total = [], None
    if form.is_bound and form.is_valid():
        candidates = selectors.invitation_candidates(event, _criteria(form))
        if request.method == "POST":
            invitations = services.invitations_create(actor=request.user, event=event, members=candidates)
            ids = [i.pk for i in invitations]
            if ids:
                send_invitation_messages.enqueue(invitation_ids=ids)
            messages.success(
                request, _("%(n)d members invited; their messages are being sent.") % {"n": len(ids)}
            )
            return redirect("forum:registrations", pk=event.pk)
        breakdown = selectors.candidates_by_office(candidates)
        total = sum(row["n"] for row in breakdown)
    return render(
        request, "forum/invite.html", {"event": event, "form": form, "breakdown": breakdown, "total": total}
    )


@role_required(*ORGANISER)
def registrations(request, pk):
    event = access.access_event_for_organiser(request.user, pk)
    rows = selectors.registrations_for_event(event)
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(Q(display_name__icontains=query) | Q(short_code=query.upper()))
    return render(
        request,
        "forum/registrations.html",
        {
            "event": event,
            "rows": rows[:500],
            "total": event.registrations.count(),
            "q": query,
            "walk_in_form": WalkInForm(),
        },
    )


@role_required(*ORGANISER)
@require_POST
def walk_in(request, pk):
    event = access.access_event_for_organiser(request.user, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        member = selectors.member_by_national_id(form.cleaned_data["national_id"])
        registration = services.registration_walk_in(
            actor=request.user,
            event=event,
            name=form.cleaned_data["name"],
            phone=form.cleaned_data["phone"] or "",
            member=member,
        )
        messages.success(request, _("Visitor registered. Code: %(code)s") % {"code": registration.short_code})
        return redirect("forum:badge_print", pk=registration.pk)
    return render(
        request,
        "forum/registrations.html",
        {
            "event": event,
            "rows": selectors.registrations_for_event(event)[:500],
            "total": event.registrations.count(),
            "walk_in_form": form,
        },
        status=400,
    )


@role_required(*ORGANISER)
def invitations_print(request, pk):
    event = access.access_event_for_organiser(request.user, pk)
    rows = event.registrations.filter(kind=Registration.Kind.INVITED).order_by("display_name")
    return render(request, "forum/invitations_print.html", {"event": event, "rows": rows[:300]})


def _badge_registration(request, pk) -> Registration:
    registration = access.access_registration(request.user, pk)
    if request.user.role == Role.ORGANISER:
        audit_read(
            actor=request.user, obj=registration, member_id=registration.member_id, action="forum.badge.read"
        )
    return registration


@role_required(Role.ORGANISER, Role.BENEFICIARY)
def badge_png(request, pk):
    registration = _badge_registration(request, pk)
    response = HttpResponse(badges.qr_png(registration.token), content_type="image/png")
    # The code is the holder's pass to the forum: no cache keeps it.
    response["Cache-Control"] = "no-store"
    return response


def _badge_fields(registration):
    event = registration.event
    return {
        "event_title": event.title,
        "name": registration.display_name,
        "kind_label": registration.get_kind_display(),
        "short_code": registration.short_code,
        "token": registration.token,
        "dates": _("%(start)s to %(end)s")
        % {
            "start": format_dual(event.starts_on, get_language()),
            "end": format_dual(event.ends_on, get_language()),
        },
    }


@role_required(Role.ORGANISER, Role.BENEFICIARY)
def badge_pdf(request, pk):
    registration = _badge_registration(request, pk)
    response = HttpResponse(badges.badge_pdf(**_badge_fields(registration)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{registration.short_code}.pdf"'
    return response


@role_required(Role.ORGANISER, Role.BENEFICIARY)
def badge_print(request, pk):
    registration = _badge_registration(request, pk)
    return render(
        request, "forum/badge_print.html", {"registration": registration, "event": registration.event}
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@role_required(*ORGANISER)
def check_in(request, pk):
    """The door (and session) check-in: a scan posts the badge's token, a person types the short code.
    JSON answers for the offline queue in forum.js; a plain form works without JavaScript."""
    event = access.access_event_for_organiser(request.user, pk)
    form = CheckInForm(request.POST or None, event=event, initial={"session": request.GET.get("session")})
    result = None
    if request.method == "POST":
        if form.is_valid():
            try:
                record, created = services.check_in_record(
                    actor=request.user,
                    event=event,
                    code=form.cleaned_data["code"],
                    session=form.cleaned_data["session"],
                    at=form.cleaned_data["at"],
                )
            except ValidationError as error:
                if _wants_json(request):
                    return JsonResponse({"ok": False, "error": " ".join(error.messages)}, status=422)
                form.add_error("code", error)
            else:
                result = {"ok": True, "created": created, "name": record.registration.display_name}
                if _wants_json(request):
                    return JsonResponse(result)
                form = CheckInForm(event=event, initial={"session": form.cleaned_data["session"]})
        elif _wants_json(request):
            return JsonResponse({"ok": False, "error": _("Give a badge code.")}, status=422)
    return render(
        request,
        "forum/check_in.html",
        {
            "event": event,
            "form": form,
            "result": result,
            "today_count": event.registrations.filter(
                check_ins__day=timezone.localdate(), check_ins__session__isnull=True
            ).count(),
        },
    )


@role_required(Role.PARTNER)
def booth(request, pk):
    booth = access.access_entity_booth(request.user, pk)
    return render(request, "forum/booth.html", {"booth": booth, "scan_form": BadgeScanForm(), "holder": None})


@role_required(Role.PARTNER)
@require_POST
def booth_scan(request, pk):
    """Scan a badge at an entity's booth: show the holder's name and this entity's open opportunities."""
    booth = access.access_entity_booth(request.user, pk)
    form = BadgeScanForm(request.POST)
    holder, apply_form = None, None
    if form.is_valid():
        try:
            registration = services.booth_scan(
                actor=request.user, booth=booth, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            holder = selectors.badge_holder(registration)
            apply_form = ApplicationForm(
                initial={"token": holder.token}, opportunities=selectors.booth_opportunities(booth)
            )
    return render(
        request,
        "forum/booth.html",
        {
            "booth": booth,
            "scan_form": form if holder is None else BadgeScanForm(),
            "holder": holder,
            "apply_form": apply_form,
        },
        status=200 if holder or form.is_valid() else 400,
    )


@role_required(Role.PARTNER)
@require_POST
def booth_apply(request, pk):
    booth = access.access_entity_booth(request.user, pk)
    form = ApplicationForm(request.POST, opportunities=selectors.booth_opportunities(booth))
    registration = services.find_registration(booth.event, request.POST.get("token", ""))
    if registration is not None and form.is_valid():
        try:
            services.application_record(
                actor=request.user,
                booth=booth,
                registration=registration,
                opportunity=form.cleaned_data["opportunity"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Application recorded for %(name)s.") % {"name": registration.display_name}
            )
            return redirect("forum:booth", pk=booth.pk)
    holder = selectors.badge_holder(registration) if registration else None
    return render(
        request,
        "forum/booth.html",
        {
            "booth": booth,
            "scan_form": BadgeScanForm(),
            "holder": holder,
            "apply_form": form if holder else None,
        },
        status=400,
    )


@role_required(Role.BENEFICIARY, Role.ORGANISER)
def exhibitor_sales(request, pk):
    booth = access.access_exhibitor_booth(request.user, pk)
    form = ExhibitionSaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exhibition_sale_record(actor=request.user, booth=booth, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Sale recorded."))
            return redirect("forum:exhibitor_sales", pk=booth.pk)
    sales = booth.sales.select_related("sale").order_by("-sale__sold_on", "-id")
    return render(request, "forum/exhibitor_sales.html", {"booth": booth, "form": form, "sales": sales})


@role_required(*EVENT_READERS)
def report(request, pk):
    event = access.access_event(request.user, pk)
    data = selectors.event_report(event)
    return render(request, "forum/report.html", {"event": event, "report": data})


@role_required(*EVENT_READERS)
@recent_auth_required(minutes=15)
def report_export(request, pk):
    event = access.access_event(request.user, pk)
    rows = selectors.report_rows(event, selectors.event_report(event))
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return table_response(None, rows, fmt=fmt, filename=f"forum-{event.pk}-report", sheet="report")
