from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.consent.access import access_member_for_consent
from tamkeen.consent.selectors import active_consent
from tamkeen.core.access import get_visible_or_404
from tamkeen.core.audit import audit_read
from tamkeen.core.listing import SortOption, paginate
from tamkeen.core.panels import referral_panels
from tamkeen.opportunities.access import opportunities_visible_to
from tamkeen.opportunities.eligibility import conditions_of, evaluate, person_of
from tamkeen.referrals import selectors, services
from tamkeen.referrals.access import (
    access_notice,
    access_referral,
    can_see_shared_data,
    is_receiving_partner,
    notices_visible_to,
    referral_role_of,
    referrals_visible_to,
)
from tamkeen.referrals.forms import ActionForm, BulkForm, OutcomeUploadForm, ProposeForm, ReferralFilterForm
from tamkeen.referrals.lifecycle import allowed_actions
from tamkeen.referrals.models import OutcomeImport, Reason
from tamkeen.referrals.sharing import display_value, field_labels

OFFICE_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR)
READERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER, Role.PARTNER, Role.BENEFICIARY)


REFERRAL_ORDERS = (
    SortOption("created", gettext_lazy("Date proposed"), ("created_at",), descending=True),
    SortOption("due", gettext_lazy("Answer due"), ("due_by",)),
    SortOption("number", gettext_lazy("Number"), ("public_id",)),
)


@role_required(Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER, Role.BENEFICIARY)
def referral_list(request):
    referrals = referrals_visible_to(request.user)
    form = ReferralFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["status"]:
            referrals = referrals.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"].strip()
            referrals = referrals.filter(Q(public_id__iexact=q) | Q(opportunity__code__iexact=q))
    listing = paginate(request, referrals.select_related("member", "opportunity__entity"), REFERRAL_ORDERS)
    notices = notices_visible_to(request.user).filter(read_at__isnull=True)[:20]
    return render(
        request,
        "referrals/list.html",
        {
            "form": form,
            "listing": listing,
            "page_obj": listing.page,
            "notices": notices,
        },
    )


@role_required(*OFFICE_ROLES)
def new(request, member_pk):
    member = access_member_for_consent(request.user, member_pk)
    initial = {"opportunity": request.GET.get("opportunity", "")}
    form = ProposeForm(request.POST or None, initial=initial)
    opportunity = None
    failed = None
    code = (request.POST.get("opportunity") or request.GET.get("opportunity") or "").strip().upper()
    if code:
        opportunity = opportunities_visible_to(request.user).filter(code=code).first()
        if opportunity is not None:
            from django.utils import timezone

            failed = evaluate(conditions_of(opportunity), person_of(member), timezone.localdate())
    if request.method == "POST" and form.is_valid():
        if opportunity is None:
            form.add_error("opportunity", _("No open opportunity has this code."))
        else:
            try:
                referral = services.referral_propose(
                    actor=request.user,
                    member=member,
                    opportunity=opportunity,
                    categories=form.cleaned_data["categories"],
                    note=form.cleaned_data["note"],
                )
            except services.ReferralError as error:
                form.add_error(None, str(error))
            else:
                if form.cleaned_data["send_now"]:
                    try:
                        services.referral_send(actor=request.user, referral=referral)
                    except services.ReferralError as error:
                        messages.warning(
                            request,
                            _("The referral was proposed but not sent: %(why)s") % {"why": error},
                        )
                    else:
                        messages.success(request, _("The referral was sent."))
                else:
                    messages.success(request, _("The referral was proposed."))
                return redirect("referrals:detail", public_id=referral.public_id)
    consent = active_consent(member, opportunity.entity) if opportunity is not None else None
    return render(
        request,
        "referrals/new.html",
        {"member": member, "form": form, "opportunity": opportunity, "failed": failed, "consent": consent},
    )


@role_required(*READERS)
def detail(request, public_id):
    referral = access_referral(request.user, public_id)
    audit_read(actor=request.user, obj=referral, member_id=referral.member_id, action="referral.read")
    role = referral_role_of(request.user, referral)
    actions = allowed_actions(referral.status, role) if role else []
    labels = field_labels()
    shared = [
        (labels.get(name, name), display_value(name, value))
        for name, value in selectors.shared_data_for(request.user, referral).items()
    ]
    is_partner = is_receiving_partner(request.user, referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "role": role,
            "actions": actions,
            "shared": shared,
            "events": referral.events.select_related("actor"),
            "reasons": Reason.choices,
            "consent_withdrawn": is_partner and not can_see_shared_data(request.user, referral),
            "panels": referral_panels(request.user, referral),
        },
    )


ACTION_SERVICES = {
    "send": lambda user, referral, form: services.referral_send(actor=user, referral=referral),
    "accept": lambda user, referral, form: services.referral_accept(actor=user, referral=referral),
    "decline": lambda user, referral, form: services.referral_decline(
        actor=user, referral=referral, reason_code=form["reason_code"], reason_text=form["reason_text"]
    ),
    "enrol": lambda user, referral, form: services.referral_enrol(actor=user, referral=referral),
    "start": lambda user, referral, form: services.referral_start(actor=user, referral=referral),
    "complete": lambda user, referral, form: services.referral_complete(actor=user, referral=referral),
    "drop_out": lambda user, referral, form: services.referral_drop_out(
        actor=user, referral=referral, reason_code=form["reason_code"], reason_text=form["reason_text"]
    ),
    "withdraw": lambda user, referral, form: services.referral_withdraw(
        actor=user, referral=referral, reason_code=form["reason_code"], reason_text=form["reason_text"]
    ),
}


@require_POST
@role_required(Role.CASE_WORKER, Role.SUPERVISOR, Role.PARTNER)
def act(request, public_id):
    referral = access_referral(request.user, public_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action."))
        return redirect("referrals:detail", public_id=public_id)
    try:
        ACTION_SERVICES[form.cleaned_data["action"]](request.user, referral, form.cleaned_data)
    except PermissionDenied:
        raise
    except services.ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The referral was updated."))
    return redirect("referrals:detail", public_id=public_id)


# Each box opens in the order its work needs: answers due soonest, outcomes waited for longest, latest closed.
INBOX_FIRST_ORDER = {
    "new": SortOption("due", gettext_lazy("Answer due"), ("due_by",)),
    "overdue": SortOption("due", gettext_lazy("Answer due"), ("due_by",)),
    "waiting": SortOption("answered", gettext_lazy("Date accepted"), ("answered_at",)),
    "closed": SortOption("closed", gettext_lazy("Date closed"), ("closed_at",), descending=True),
}
INBOX_ORDERS = (
    SortOption("sent", gettext_lazy("Date sent"), ("sent_at",), descending=True),
    SortOption("number", gettext_lazy("Number"), ("public_id",)),
)


@role_required(Role.PARTNER)
def inbox(request):
    box = request.GET.get("box", "new")
    if box not in ("new", "waiting", "overdue", "closed"):
        box = "new"
    referrals = referrals_visible_to(request.user)
    rows = selectors.partner_inbox(request.user, box)
    listing = paginate(request, rows, (INBOX_FIRST_ORDER[box], *INBOX_ORDERS), default_size=50)
    return render(
        request,
        "referrals/inbox.html",
        {
            "box": box,
            "counts": selectors.inbox_counts(referrals),
            "listing": listing,
            "page_obj": listing.page,
            "bulk": BulkForm(),
            "reasons": Reason.choices,
        },
    )


@require_POST
@role_required(Role.PARTNER)
def bulk(request):
    visible = referrals_visible_to(request.user)
    ids = request.POST.getlist("referrals")
    choices = [(pid, pid) for pid in visible.filter(public_id__in=ids).values_list("public_id", flat=True)]
    form = BulkForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, _("Choose referrals and a status."))
        return redirect("referrals:inbox")
    done, refused = 0, []
    for public_id in form.cleaned_data["referrals"]:
        referral = get_visible_or_404(visible, public_id=public_id)
        try:
            services.referral_apply_action(
                actor=request.user,
                referral=referral,
                action=form.cleaned_data["action"],
                reason_code=form.cleaned_data["reason_code"],
            )
            done += 1
        except services.ReferralError as error:
            refused.append(f"{public_id}: {error}")
    if done:
        messages.success(request, _("%(count)s referrals were updated.") % {"count": done})
    for line in refused:
        messages.error(request, line)
    return redirect("referrals:inbox")


def _imports_of(user):
    return OutcomeImport.objects.filter(entity_id=user.entity_id)


@role_required(Role.PARTNER)
def upload(request):
    form = OutcomeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from tamkeen.referrals.tasks import run_outcome_import

        job = services.outcome_import_create(actor=request.user, uploaded_file=form.cleaned_data["file"])
        from django.db import transaction

        transaction.on_commit(lambda: run_outcome_import.enqueue(job.pk))
        return redirect("referrals:upload_status", pk=job.pk)
    return render(request, "referrals/upload.html", {"form": form, "imports": _imports_of(request.user)[:10]})


@role_required(Role.PARTNER)
def upload_status(request, pk):
    job = get_visible_or_404(_imports_of(request.user), pk=pk)
    template = "referrals/upload_status.html"
    if request.htmx:
        template += "#status"
    return render(
        request,
        template,
        {"job": job, "running": job.state in (OutcomeImport.State.QUEUED, OutcomeImport.State.RUNNING)},
    )


@require_POST
@role_required(*OFFICE_ROLES)
def notice_read(request, pk):
    services.notice_mark_read(actor=request.user, notice=access_notice(request.user, pk))
    return redirect("referrals:list")
