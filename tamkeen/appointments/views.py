from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_read
from tamkeen.registry.access import access_member_for_edit

from . import selectors, services
from .access import access_appointment, appointments_visible_to, can_answer, can_manage
from .forms import AttendanceForm, CancelForm, InviteForm, OtherSlotForm, WhenForm

OFFICE = (Role.CASE_WORKER, Role.SUPERVISOR)
READERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER, Role.BENEFICIARY)


def _fail(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@role_required(*OFFICE)
def office_list(request):
    visible = appointments_visible_to(request.user).filter(office_id=request.user.office_id)
    return render(
        request,
        "appointments/list.html",
        {
            "upcoming": selectors.upcoming(visible).select_related("member")[:200],
            "to_record": selectors.to_record(visible).select_related("member")[:200],
        },
    )


@role_required(Role.BENEFICIARY)
def mine(request):
    """The signed-in member's own appointments; the portal links here or includes the partial."""
    visible = appointments_visible_to(request.user)
    return render(
        request,
        "appointments/mine.html",
        {"appointments": visible.select_related("office").order_by("-starts_at")[:50], "now": timezone.now()},
    )


@role_required(*OFFICE)
def invite(request, member_pk):
    member = access_member_for_edit(request.user, member_pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_invite(
                actor=request.user,
                member=member,
                kind=form.cleaned_data["kind"],
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("appointments:detail", appointment.pk)
    return render(request, "appointments/invite.html", {"member": member, "form": form})


@role_required(*READERS)
def detail(request, pk):
    appointment = access_appointment(request.user, pk)
    audit_read(actor=request.user, obj=appointment, member_id=appointment.member_id)
    return _render_detail(request, appointment)


def _render_detail(request, appointment, status=200):
    manage = can_manage(request.user, appointment)
    return render(
        request,
        "appointments/detail.html",
        {
            "appointment": appointment,
            "can_manage": manage,
            "can_answer": can_answer(request.user, appointment) and appointment.starts_at > timezone.now(),
            "when_form": WhenForm(initial={"place": appointment.place}) if manage else None,
            "cancel_form": CancelForm() if manage else None,
            "other_slot_form": OtherSlotForm(),
            "answer_list": [appointment],
            "now": timezone.now(),
        },
        status=status,
    )


def _act(request, pk, run, success: str):
    appointment = access_appointment(request.user, pk)
    try:
        run(appointment)
    except PermissionDenied:
        raise
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, success)
    if request.user.is_beneficiary:
        return redirect("appointments:mine")
    return redirect("appointments:detail", appointment.pk)


@require_POST
@role_required(Role.BENEFICIARY)
def confirm(request, pk):
    return _act(
        request,
        pk,
        lambda a: services.appointment_confirm(actor=request.user, appointment=a),
        _("Thank you: your appointment is confirmed."),
    )


@require_POST
@role_required(Role.BENEFICIARY)
def other_slot(request, pk):
    form = OtherSlotForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda a: services.appointment_ask_other_slot(actor=request.user, appointment=a, note=note),
        _("Your office will propose another time."),
    )


@require_POST
@role_required(*OFFICE)
def reschedule(request, pk):
    form = WhenForm(request.POST)
    if not form.is_valid():
        appointment = access_appointment(request.user, pk)
        messages.error(request, _("Give the new date and time."))
        return redirect("appointments:detail", appointment.pk)
    return _act(
        request,
        pk,
        lambda a: services.appointment_reschedule(
            actor=request.user, appointment=a, starts_at=form.starts_at(), place=form.cleaned_data["place"]
        ),
        _("The member was told the new time."),
    )


@require_POST
@role_required(*OFFICE)
def cancel(request, pk):
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda a: services.appointment_cancel(actor=request.user, appointment=a, reason=reason),
        _("The appointment was cancelled."),
    )


@require_POST
@role_required(*OFFICE)
def attendance(request, pk):
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        raise Http404
    return _act(
        request,
        pk,
        lambda a: services.appointment_record_attendance(
            actor=request.user, appointment=a, attended=form.cleaned_data["attended"]
        ),
        _("Attendance recorded."),
    )
