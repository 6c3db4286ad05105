from django.shortcuts import render

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.partners import selectors
from tamkeen.partners.access import access_entity, can_see_entity_staff, entities_visible_to
from tamkeen.partners.models import Entity

DIRECTORY_READERS = (
    Role.CASE_WORKER,
    Role.SUPERVISOR,
    Role.MANAGER,
    Role.ADMIN,
    Role.ORGANISER,
    Role.PARTNER,
)


@role_required(*DIRECTORY_READERS)
def entity_list(request):
    kind = request.GET.get("kind", "")
    if kind not in Entity.Kind.values:
        kind = ""
    entities = selectors.directory(entities_visible_to(request.user), kind)
    return render(
        request, "partners/list.html", {"entities": entities, "kind": kind, "kinds": Entity.Kind.choices}
    )


@role_required(*DIRECTORY_READERS)
def entity_detail(request, code):
    entity = access_entity(request.user, code)
    show_staff = can_see_entity_staff(request.user, entity)
    return render(
        request,
        "partners/detail.html",
        {
            "entity": entity,
            "governorates": entity.governorates.all(),
            "opportunities": entity.opportunities.filter(status="open").order_by("starts_on")[:50],
            "figures": selectors.answer_figures(entity),
            "staff": entity.staff.filter(is_active=True).order_by("username") if show_staff else None,
        },
    )
