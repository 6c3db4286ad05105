from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.consent.access import access_member_for_consent
from tamkeen.opportunities import selectors, services
from tamkeen.opportunities.access import (
    access_opportunity,
    access_opportunity_for_edit,
    opportunities_editable_by,
    opportunities_visible_to,
)
from tamkeen.opportunities.accessibility import features_label
from tamkeen.opportunities.eligibility import conditions_of, evaluate, person_of
from tamkeen.opportunities.forms import CatalogueFilterForm, OpportunityForm
from tamkeen.opportunities.models import Opportunity

CATALOGUE_READERS = tuple(Role)


@role_required(*CATALOGUE_READERS)
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    member = None
    if filters.get("member") and request.user.is_office_staff:
        member = access_member_for_consent(request.user, filters["member"])
    elif request.user.is_beneficiary and getattr(request.user, "member", None) is not None:
        member = request.user.member  # a member sees which offers they qualify for
    opportunities = opportunities_visible_to(request.user)
    if not request.user.is_partner:
        opportunities = opportunities.filter(status=Opportunity.Status.OPEN)
    opportunities = selectors.filter_catalogue(
        opportunities,
        track=filters.get("track", ""),
        governorate=filters.get("governorate"),
        has_seats=filters.get("has_seats", False),
        q=filters.get("q", ""),
    )
    eligible_only = member is not None and request.GET.get("eligible") == "1"
    if member is not None:
        rows = selectors.with_eligibility(opportunities, member)
        if eligible_only:
            rows = [row for row in rows if not row[1]]
    else:
        rows = [(opportunity, None) for opportunity in opportunities]
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opportunities/catalogue.html",
        {
            "form": form,
            "page_obj": page,
            "member": member,
            "eligible_only": eligible_only,
            "query_prefix": (query.urlencode() + "&") if query else "",
        },
    )


@role_required(*CATALOGUE_READERS)
def detail(request, code):
    opportunity = access_opportunity(request.user, code)
    member = None
    failed = None
    to_confirm = []
    member_id = request.GET.get("member", "")
    if member_id.isdigit() and request.user.is_office_staff:
        member = access_member_for_consent(request.user, int(member_id))
        failed = evaluate(conditions_of(opportunity), person_of(member), timezone.localdate())
        to_confirm = selectors.needs_to_confirm(member)
    can_edit = request.user.is_partner and request.user.entity_id == opportunity.entity_id
    return render(
        request,
        "opportunities/detail.html",
        {
            "opportunity": opportunity,
            "member": member,
            "failed": failed,
            "to_confirm": to_confirm,
            "features": features_label(opportunity.accessibility_features),
            "can_edit": can_edit,
        },
    )


@role_required(Role.PARTNER)
def mine(request):
    opportunities = opportunities_editable_by(request.user).order_by("-created_at")
    page = Paginator(opportunities, 25).get_page(request.GET.get("page"))
    return render(request, "opportunities/mine.html", {"page_obj": page, "query_prefix": ""})


@role_required(Role.PARTNER)
def create(request):
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(actor=request.user, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The opportunity was saved."))
            return redirect("opportunities:detail", code=opportunity.code)
    return render(request, "opportunities/form.html", {"form": form, "opportunity": None})


@role_required(Role.PARTNER)
def edit(request, code):
    opportunity = access_opportunity_for_edit(request.user, code)
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(actor=request.user, opportunity=opportunity, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The opportunity was saved."))
            return redirect("opportunities:detail", code=opportunity.code)
    return render(request, "opportunities/form.html", {"form": form, "opportunity": opportunity})
