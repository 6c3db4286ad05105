"""The entity's webhook endpoints for its partner staff: register (the secret shown once), the delivery log,
replay, delete."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.webhooks import selectors, services
from tamkeen.webhooks.access import access_delivery, access_endpoint, endpoints_visible_to
from tamkeen.webhooks.forms import EndpointForm


@never_cache
@role_required(Role.PARTNER)
def endpoint_list(request):
    form = EndpointForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.user,
                entity=request.user.entity,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except services.WebhookError as error:
            form.add_error("url", str(error))
        else:
            shown = {"endpoint": endpoint, "secret": secret}
            form = EndpointForm()
    return render(
        request,
        "webhooks/endpoints.html",
        {
            "endpoints": endpoints_visible_to(request.user).order_by("-created_at"),
            "form": form,
            "shown": shown,
        },
    )


@role_required(Role.PARTNER)
def endpoint_detail(request, public_id):
    endpoint = access_endpoint(request.user, public_id)
    page = Paginator(selectors.deliveries_of(endpoint).order_by("-created_at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "webhooks/endpoint.html", {"endpoint": endpoint, "page_obj": page, "query_prefix": ""}
    )


@require_POST
@role_required(Role.PARTNER)
def endpoint_delete(request, public_id):
    services.endpoint_delete(actor=request.user, endpoint=access_endpoint(request.user, public_id))
    messages.success(request, _("The endpoint was deleted; nothing more is sent to it."))
    return redirect("webhooks:list")


@require_POST
@role_required(Role.PARTNER)
def delivery_replay(request, public_id):
    delivery = access_delivery(request.user, public_id)
    try:
        services.delivery_replay(actor=request.user, delivery=delivery)
    except services.WebhookError as error:
        messages.error(request, str(error))
        return redirect("webhooks:list")
    messages.success(request, _("The event will be sent again in a moment."))
    return redirect("webhooks:detail", public_id=delivery.endpoint.public_id)
