import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role

from . import selectors, services
from .access import access_issued_document, access_subject, can_revoke, may_revoke_documents
from .content import TEMPLATES
from .models import Kind
from .rendering import render_html, render_pdf

REGISTER_ROLES = (Role.SUPERVISOR, Role.MANAGER)


def _template_context(request, subject, facts) -> dict:
    if subject.kind == Kind.REFERRAL_LETTER:
        return {"referral": subject.obj}
    if subject.kind in (Kind.SANCTION_NOTICE, Kind.GRADUATION_CERTIFICATE):
        context = {"case_exit": subject.obj, "head": subject.member}
        if subject.kind == Kind.SANCTION_NOTICE:
            context["appeal_url"] = request.build_absolute_uri(reverse("grievances:mine"))
            context["appeal"] = subject.obj.appeals.order_by("-created_at").first()
        return context
    if subject.kind == Kind.PRODUCTIVE_FAMILY_CERTIFICATE:
        return {"certificate": subject.obj}
    from tamkeen.core.hijri import hijri_year_range

    from .content import figures_scope

    scope = figures_scope(subject)
    start, end = hijri_year_range(subject.year)
    names = {office.code: office.name for office in scope.offices}
    return {
        "scope_label": scope.label,
        "start": start,
        "end": end,
        "office_rows": [(names.get(code, code), row) for code, row in facts["offices"].items()],
    }


def _filename(document) -> str:
    reference = re.sub(r"[^A-Za-z0-9-]+", "-", document.reference).strip("-") or str(document.pk)
    return f"{document.kind}-{reference}.pdf"


@login_required
@require_POST
def issue(request, kind, key):
    """Print a document about a record the user may open (its own door answers 404 otherwise)."""
    subject = access_subject(request.user, kind, key)
    # Recorded and printed in one transaction: a document whose printing failed leaves no code that verifies.
    with transaction.atomic():
        document, facts = services.document_issue(
            actor=request.user, subject=subject, language=get_language() or "ar"
        )
        verify_url = request.build_absolute_uri(reverse("documents:verify", args=[document.code]))
        html = render_html(
            document=document,
            subject=subject,
            facts=facts,
            context=_template_context(request, subject, facts),
            verify_url=verify_url,
            template=TEMPLATES[subject.kind],
        )
        pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(document)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def verify(request, code):
    """Public: anyone holding the paper may check it. Only the minimum is shown (docs/documents.md)."""
    verification = selectors.verification_of(code)
    response = render(
        request,
        "documents/verify.html",
        {"verification": verification, "document": verification.document},
        status=404 if verification.state == selectors.UNKNOWN else 200,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@role_required(*REGISTER_ROLES)
@require_GET
def register(request):
    documents = selectors.register_for(request.user)[:300]
    return render(
        request,
        "documents/register.html",
        {"documents": documents, "may_revoke": may_revoke_documents(request.user)},
    )


@role_required(*REGISTER_ROLES)
@require_POST
def revoke(request, pk):
    document = access_issued_document(request.user, pk)
    if not may_revoke_documents(request.user):
        raise PermissionDenied  # the national manager reads every region's register and revokes nothing
    if not can_revoke(request.user, document):
        messages.error(request, _("This document is already revoked."))
        return redirect("documents:register")
    try:
        services.document_revoke(actor=request.user, document=document, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is revoked: its verification page now says so."))
    return redirect("documents:register")
