"""The entity's API clients, for its partner staff: create (the secret shown once), rotate, revoke."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.api import services
from tamkeen.api.access import access_client, clients_visible_to
from tamkeen.api.forms import ClientForm


def _page(request, form, *, shown_secret=None, shown_client=None):
    return render(
        request,
        "api/clients.html",
        {
            "clients": clients_visible_to(request.user),
            "form": form,
            "shown_secret": shown_secret,
            "shown_client": shown_client,
        },
    )


@never_cache
@role_required(Role.PARTNER)
def client_list(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client, secret = services.api_client_create(
            actor=request.user,
            entity=request.user.entity,
            scopes=form.cleaned_data["scopes"],
            name=form.cleaned_data["name"],
        )
        # Shown once, on this answer only; it is stored hashed.
        return _page(request, ClientForm(), shown_secret=secret, shown_client=client)
    return _page(request, form)


@never_cache
@require_POST
@role_required(Role.PARTNER)
def client_rotate(request, client_id):
    client = access_client(request.user, client_id)
    try:
        secret = services.api_client_rotate(actor=request.user, client=client)
    except services.ApiClientError as error:
        messages.error(request, str(error))
        return redirect("api_clients:list")
    return _page(request, ClientForm(), shown_secret=secret, shown_client=client)


@require_POST
@role_required(Role.PARTNER)
def client_revoke(request, client_id):
    services.api_client_revoke(actor=request.user, client=access_client(request.user, client_id))
    messages.success(request, _("The client was revoked; its tokens no longer work."))
    return redirect("api_clients:list")
