from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tamkeen.accounts.access import recent_auth_required, role_required
from tamkeen.accounts.models import Role
from tamkeen.core.audit import audit_read
from tamkeen.core.files import private_file_response

from . import selectors, services
from .access import access_correction_for_decision, access_data_export, access_member_for_requests
from .forms import CorrectionDecisionForm, CorrectionRequestForm

OFFICE = (Role.CASE_WORKER, Role.SUPERVISOR)


@require_POST
@role_required(*OFFICE)
def export_request(request, pk):
    member = access_member_for_requests(request.user, pk)
    export = services.member_data_export_request(actor=request.user, member=member)
    messages.success(request, _("The member's data is being prepared."))
    return redirect("privacy:export", public_id=export.public_id)


@require_GET
@role_required(*OFFICE)
def export_detail(request, public_id):
    export = access_data_export(request.user, public_id)
    context = {"export": export, "member": export.member}
    if request.htmx:
        return render(request, "privacy/export_detail.html#progress", context)
    return render(request, "privacy/export_detail.html", context)


@require_GET
@role_required(*OFFICE)
@recent_auth_required(minutes=15)  # everything held about a person: the password again, as for bulk exports
def export_download(request, public_id):
    export = access_data_export(request.user, public_id)
    if export.status != export.Status.DONE or not export.file:
        raise Http404(_("Not found."))
    response = private_file_response(
        export.file, filename=f"member-data-{export.public_id}.zip", content_type="application/zip"
    )
    audit_read(
        actor=request.user, obj=export, member_id=export.member_id, action="privacy.data_export.download"
    )
    return response


@role_required(*OFFICE)
def correction_add(request, pk):
    member = access_member_for_requests(request.user, pk)
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request_create(
                actor=request.user, member=member, field=form.cleaned_data["field"],
                proposed_value=form.cleaned_data["proposed_value"], reason=form.cleaned_data["reason"],
                received_on=form.cleaned_data["received_on"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("proposed_value", error)
        else:
            messages.success(
                request, _("The correction request was recorded; the answer is due within 30 days.")
            )
            return redirect("registry:member", pk=member.pk)
    return render(request, "privacy/correction_form.html", {"form": form, "member": member})


@require_GET
@role_required(Role.SUPERVISOR)
def corrections(request):
    today = timezone.localdate()
    open_requests = [
        (item, selectors.is_overdue(item, today), selectors.days_left(item, today))
        for item in selectors.open_correction_requests(request.user)
    ]
    context = {
        "open_requests": open_requests,
        "overdue_count": sum(1 for _item, overdue, _days in open_requests if overdue),
        "decided": selectors.recently_decided_correction_requests(request.user),
    }
    return render(request, "privacy/corrections.html", context)


@role_required(Role.SUPERVISOR)
def correction_decide(request, pk):
    correction = access_correction_for_decision(request.user, pk)
    form = CorrectionDecisionForm(request.POST or None)
    if request.method == "POST" and correction.is_open and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.correction_request_accept(
                    actor=request.user, request=correction, note=form.cleaned_data["reason"]
                )
                messages.success(request, _("The record was corrected."))
            else:
                services.correction_request_reject(
                    actor=request.user, request=correction, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The request was rejected."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("privacy:corrections")
    context = {
        "correction": correction,
        "member": correction.member,
        "form": form,
        "overdue": selectors.is_overdue(correction),
    }
    return render(request, "privacy/correction_decide.html", context)
