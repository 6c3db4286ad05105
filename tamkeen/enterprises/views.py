from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.core.access import get_visible_or_404
from tamkeen.core.audit import audit_read
from tamkeen.core.files import private_file_response
from tamkeen.core.listing import SortOption, paginate
from tamkeen.enterprises import selectors, services
from tamkeen.enterprises.access import (
    access_enterprise,
    access_enterprise_for_edit,
    access_household_for_enterprise,
    can_edit_enterprise,
    enterprises_visible_to,
    households_visible_to,
)
from tamkeen.enterprises.forms import (
    CertificateForm,
    DocumentsForm,
    EnterpriseForm,
    FinancingForm,
    ProductForm,
    RepaymentForm,
    SaleForm,
)
from tamkeen.enterprises.models import Financing

READERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER, Role.BENEFICIARY)
EDITORS = (Role.CASE_WORKER, Role.SUPERVISOR)
ENTERPRISE_ORDERS = (
    SortOption("file", gettext_lazy("File number"), ("household__file_number", "name")),
    SortOption("name", gettext_lazy("Trade name"), ("name",)),
    SortOption("sales", gettext_lazy("Total sales"), ("total_sales",), descending=True),
)


@role_required(*READERS)
def enterprise_list(request):
    activity = request.GET.get("activity", "")
    rows = selectors.enterprise_list(enterprises_visible_to(request.user), activity=activity)
    listing = paginate(request, rows, ENTERPRISE_ORDERS, default_size=50)
    return render(
        request,
        "enterprises/list.html",
        {
            "listing": listing,
            "activities": selectors.active_activities(),
            "activity": activity,
        },
    )


@role_required(*EDITORS)
def enterprise_start(request):
    """Find the household by its file number, then record its enterprise."""
    file_number = request.GET.get("file", "").strip()
    if file_number:
        household = households_visible_to(request.user).filter(file_number=file_number).first()
        if household is not None:
            return redirect("enterprises:create", household_pk=household.pk)
        messages.error(request, _("No household of your office has this file number."))
    return render(request, "enterprises/start.html", {"file_number": file_number})


@role_required(*EDITORS)
def enterprise_create(request, household_pk):
    household = access_household_for_enterprise(request.user, household_pk)
    form = EnterpriseForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(
                actor=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Enterprise recorded."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/create.html", {"form": form, "household": household})


def _detail_context(request, enterprise, **forms):
    today = timezone.localdate()
    can_edit = can_edit_enterprise(request.user, enterprise)
    return {
        "enterprise": enterprise,
        "can_edit": can_edit,
        "products": enterprise.products.all(),
        "certificates": enterprise.certificates.all(),
        "current_certificate": selectors.current_certificate(enterprise, today=today),
        "financings": enterprise.financings.select_related("body"),
        "repayment_choices": Financing.Repayment.choices,
        "sales": enterprise.sales.all()[:20],
        "monthly_income": selectors.enterprise_monthly_income(enterprise, today=today),
        "sales_chart": selectors.sales_chart(selectors.enterprise_sales_by_month(enterprise, today=today)),
        "totals": selectors.enterprise_totals(enterprise),
        "documents_form": forms.get("documents_form")
        or DocumentsForm(
            initial={
                "freelance_document": enterprise.freelance_document,
                "freelance_document_date": enterprise.freelance_document_date,
                "commercial_registration": enterprise.commercial_registration,
                "commercial_registration_date": enterprise.commercial_registration_date,
            }
        ),
        "product_form": forms.get("product_form") or ProductForm(),
        "certificate_form": forms.get("certificate_form") or CertificateForm(),
        "financing_form": forms.get("financing_form") or FinancingForm(),
        "sale_form": forms.get("sale_form") or SaleForm(),
    }


@role_required(*READERS)
def enterprise_detail(request, pk):
    enterprise = access_enterprise(request.user, pk)
    audit_read(actor=request.user, obj=enterprise, member_id=enterprise.owner_id)
    return render(request, "enterprises/detail.html", _detail_context(request, enterprise))


@role_required(*READERS)
def product_photo(request, pk, product_pk):
    enterprise = access_enterprise(request.user, pk)
    product = get_visible_or_404(enterprise.products.all(), pk=product_pk)
    extension = product.photo.name.rpartition(".")[2] if "." in product.photo.name else "jpg"
    return private_file_response(
        product.photo, filename=f"product-{product.pk}.{extension}", as_attachment=False
    )


def _post_form(request, pk, form_class, context_name, apply):
    enterprise = access_enterprise_for_edit(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            apply(enterprise, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    context = _detail_context(request, enterprise, **{context_name: form})
    return render(request, "enterprises/detail.html", context, status=400)


@role_required(*EDITORS)
@require_POST
def enterprise_documents(request, pk):
    return _post_form(
        request,
        pk,
        DocumentsForm,
        "documents_form",
        lambda e, data: services.enterprise_set_documents(actor=request.user, enterprise=e, **data),
    )


@role_required(*EDITORS)
@require_POST
def product_add(request, pk):
    return _post_form(
        request,
        pk,
        ProductForm,
        "product_form",
        lambda e, data: services.product_add(actor=request.user, enterprise=e, **data),
    )


@role_required(*EDITORS)
@require_POST
def certificate_add(request, pk):
    return _post_form(
        request,
        pk,
        CertificateForm,
        "certificate_form",
        lambda e, data: services.certificate_issue(actor=request.user, enterprise=e, **data),
    )


@role_required(*EDITORS)
@require_POST
def financing_add(request, pk):
    return _post_form(
        request,
        pk,
        FinancingForm,
        "financing_form",
        lambda e, data: services.financing_record(actor=request.user, enterprise=e, **data),
    )


@role_required(*EDITORS)
@require_POST
def sale_add(request, pk):
    return _post_form(
        request,
        pk,
        SaleForm,
        "sale_form",
        lambda e, data: services.sale_record(actor=request.user, enterprise=e, **data),
    )


@role_required(*EDITORS)
@require_POST
def financing_repayment(request, pk, financing_pk):
    enterprise = access_enterprise_for_edit(request.user, pk)
    financing = get_visible_or_404(enterprise.financings.all(), pk=financing_pk)
    form = RepaymentForm(request.POST)
    if form.is_valid():
        try:
            services.financing_set_repayment(
                actor=request.user,
                financing=financing,
                repayment_status=form.cleaned_data["repayment_status"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect("enterprises:detail", pk=enterprise.pk)
