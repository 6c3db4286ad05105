"""The regional manager's (and administrator's) pages to keep entities in order: create, edit, agreements,
suspension. Other roles get 403; a manager asking for another region's entity gets 404. Writes go through
tamkeen.partners.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.partners import invitations, services
from tamkeen.partners.access import access_managed_entity
from tamkeen.partners.forms import AgreementForm, EntityForm, InviteForm, SuspendForm

MANAGERS = (Role.MANAGER, Role.ADMIN)


def _values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k in services.ENTITY_FIELDS}


def _errors_to(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@role_required(*MANAGERS)
def entity_create(request):
    if not services.can_manage_entities(request.user):
        raise PermissionDenied  # the national manager reads every region's entities and manages none
    form = EntityForm(request.POST or None, actor=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data.get("region") or request.user.region
        try:
            entity = services.entity_create(
                actor=request.user,
                code=form.cleaned_data["code"],
                region=region,
                governorates=list(form.cleaned_data["governorates"]),
                **_values(form),
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The entity was created. Add its agreement next."))
            return redirect("partners:agreement_add", code=entity.code)
    return render(request, "partners/entity_form.html", {"form": form, "entity": None})


@role_required(*MANAGERS)
def entity_edit(request, code):
    entity = access_managed_entity(request.user, code)
    initial = {"governorates": list(entity.governorates.all())}
    form = EntityForm(
        request.POST or None, instance=entity, initial=initial, actor=request.user, creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            # The form has filled the instance in memory: the service compares against the stored row.
            services.entity_update(
                actor=request.user,
                entity=access_managed_entity(request.user, code),
                governorates=list(form.cleaned_data["governorates"]),
                **_values(form),
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The entity was saved."))
            return redirect("partners:detail", code=entity.code)
    return render(request, "partners/entity_form.html", {"form": form, "entity": entity})


@role_required(*MANAGERS)
def agreement_add(request, code):
    entity = access_managed_entity(request.user, code)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_add(actor=request.user, entity=entity, **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("The agreement was added."))
            return redirect("partners:detail", code=entity.code)
    return render(request, "partners/agreement_form.html", {"form": form, "entity": entity})


@require_POST
@role_required(*MANAGERS)
def agreement_end(request, code, pk):
    entity = access_managed_entity(request.user, code)
    agreement = get_object_or_404(entity.agreements, pk=pk)
    try:
        services.agreement_end(actor=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agreement was ended today."))
    return redirect("partners:detail", code=entity.code)


@role_required(*MANAGERS)
def entity_suspend(request, code):
    entity = access_managed_entity(request.user, code)
    form = SuspendForm(request.POST or None)
    if not entity.is_active:
        messages.info(request, _("This entity is already suspended."))
        return redirect("partners:detail", code=entity.code)
    if request.method == "POST" and form.is_valid():
        result = services.entity_suspend(
            actor=request.user, entity=entity, reason=form.cleaned_data["reason"]
        )
        messages.success(request, services.suspension_summary(result))
        return redirect("partners:detail", code=entity.code)
    return render(
        request,
        "partners/suspend.html",
        {"form": form, "entity": entity, "open": services.open_referral_counts(entity)},
    )


@require_POST
@role_required(*MANAGERS)
def entity_reinstate(request, code):
    entity = access_managed_entity(request.user, code)
    services.entity_reinstate(actor=request.user, entity=entity)
    messages.success(request, _("The entity was reinstated. Reopen its opportunities as needed."))
    return redirect("partners:detail", code=entity.code)


@role_required(*MANAGERS)
def staff_invite(request, code):
    entity = access_managed_entity(request.user, code)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.staff_invite(
                actor=request.user,
                entity=entity,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("partners:invitation", kwargs={"token": token})
                ),
                **form.cleaned_data,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("email", message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. Its link works once, for %(days)s days.")
                % {"email": invitation.email, "days": invitations.INVITATION_DAYS},
            )
            return redirect("partners:detail", code=entity.code)
    return render(request, "partners/invite.html", {"form": form, "entity": entity})
