"""The member's data-subject rights in the portal: a copy of their data, corrections, and where each stands.

Everything goes through the privacy app's services and its one access door (``access_data_export``), so a
member reaches only their own requests and anyone else's answer 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tamkeen.core.audit import audit_read
from tamkeen.core.files import private_file_response
from tamkeen.privacy import selectors as privacy_selectors
from tamkeen.privacy import services as privacy_services
from tamkeen.privacy.access import access_data_export

from .forms import MemberCorrectionForm
from .views import _portal_login_required


def _page(request, member, form=None, status=200):
    today = timezone.localdate()
    corrections = [
        (item, privacy_selectors.is_overdue(item, today))
        for item in privacy_selectors.member_correction_requests(request.user, member).order_by(
            "-received_on", "-pk"
        )
    ]
    return render(
        request,
        "portal/my_data.html",
        {
            "exports": privacy_selectors.member_data_exports(request.user, member)[:20],
            "corrections": corrections,
            "form": form or MemberCorrectionForm(),
        },
        status=status,
    )


@require_GET
@_portal_login_required
def my_data(request, member):
    audit_read(actor=request.user, obj=member, member_id=member.pk, action="privacy.requests.read")
    return _page(request, member)


@require_POST
@_portal_login_required
def export_request(request, member):
    privacy_services.member_data_export_request(actor=request.user, member=member)
    messages.success(
        request, _("We are preparing a copy of your data. You will get a message when it is ready.")
    )
    return redirect("portal:my_data")


@require_GET
@_portal_login_required
def export_download(request, member, public_id):
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


@require_POST
@_portal_login_required
def correction_request(request, member):
    form = MemberCorrectionForm(request.POST)
    if not form.is_valid():
        return _page(request, member, form, status=400)
    try:
        privacy_services.correction_request_create(
            actor=request.user,
            member=member,
            field=form.cleaned_data["field"],
            proposed_value=form.cleaned_data["proposed_value"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        form.add_error("proposed_value", error)
        return _page(request, member, form, status=400)
    messages.success(request, _("Your request was received. The office answers within 30 days."))
    return redirect("portal:my_data")
