from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.consent import selectors, services
from tamkeen.consent.access import access_member_for_consent
from tamkeen.consent.forms import ConsentForm, WithdrawForm
from tamkeen.core.access import get_visible_or_404
from tamkeen.core.audit import audit_read
from tamkeen.core.files import private_file_response
from tamkeen.core.panels import consent_panels

CONSENT_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR, Role.BENEFICIARY)


def _page(request, member, form=None):
    paper = not request.user.is_beneficiary
    audit_read(actor=request.user, obj=member, member_id=member.pk, action="consent.read")
    return render(
        request,
        "consent/member.html",
        {
            "member": member,
            "current": selectors.current_consents_of(member),
            "history": selectors.consents_of(member),
            "panels": consent_panels(request.user, member),
            "form": form or ConsentForm(paper=paper),
            "paper": paper,
        },
    )


@role_required(*CONSENT_ROLES)
def scan(request, member_pk, consent_pk):
    """The signed paper form, for whoever may open the member's consents (a private file: no URL of its own)."""
    member = access_member_for_consent(request.user, member_pk)
    consent = get_visible_or_404(selectors.consents_of(member), pk=consent_pk)
    audit_read(actor=request.user, obj=consent, member_id=member.pk, action="consent.scan.read")
    extension = consent.scanned_form.name.rpartition(".")[2] if "." in consent.scanned_form.name else "pdf"
    return private_file_response(consent.scanned_form, filename=f"consent-{consent.pk}.{extension}")


@role_required(*CONSENT_ROLES)
def member(request, member_pk):
    return _page(request, access_member_for_consent(request.user, member_pk))


@role_required(Role.BENEFICIARY)
def mine(request):
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404
    return _page(request, access_member_for_consent(request.user, member.pk))


@require_POST
@role_required(*CONSENT_ROLES)
def record(request, member_pk):
    member = access_member_for_consent(request.user, member_pk)
    paper = not request.user.is_beneficiary
    form = ConsentForm(request.POST, request.FILES, paper=paper)
    if not form.is_valid():
        return _page(request, member, form)
    try:
        services.consent_record(
            actor=request.user,
            member=member,
            entity=form.cleaned_data["entity"],
            purpose=form.cleaned_data["purpose"],
            categories=form.cleaned_data["categories"],
            scanned_form=form.cleaned_data.get("scanned_form"),
        )
    except services.ConsentError as error:
        form.add_error(None, str(error))
        return _page(request, member, form)
    except PermissionDenied:
        raise
    messages.success(request, _("The consent was recorded."))
    return redirect(_back(request, member))


@require_POST
@role_required(*CONSENT_ROLES)
def withdraw(request, member_pk):
    member = access_member_for_consent(request.user, member_pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user,
                member=member,
                entity=form.cleaned_data["entity"],
                purpose=form.cleaned_data["purpose"],
            )
        except services.ConsentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The consent was withdrawn. No new data will be shared."))
    return redirect(_back(request, member))


def _back(request, member):
    from django.urls import reverse

    if request.user.is_beneficiary:
        return reverse("consent:mine")
    return reverse("consent:member", args=[member.pk])
