from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role
from tamkeen.opportunities.models import Opportunity
from tamkeen.partners import selectors
from tamkeen.partners.access import access_entity, can_see_entity_staff, entities_visible_to
from tamkeen.partners.models import Entity
from tamkeen.partners.services import can_manage_entities, can_manage_entity

AGREEMENT_LABELS = [
    ("valid", _("In force")),
    ("expiring", _("Ending within two months")),
    ("expired", _("Expired")),
    ("none", _("No agreement in force")),
]

DIRECTORY_READERS = (
    Role.CASE_WORKER,
    Role.SUPERVISOR,
    Role.MANAGER,
    Role.ADMIN,
    Role.ORGANISER,
    Role.PARTNER,
)


def _choice(request, name: str, allowed) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@role_required(*DIRECTORY_READERS)
def entity_list(request):
    kind = _choice(request, "kind", Entity.Kind.values)
    status = _choice(request, "status", selectors.ENTITY_STATES)
    agreement = _choice(request, "agreement", selectors.AGREEMENT_STATES)
    entities = list(selectors.directory(entities_visible_to(request.user), kind, status, agreement))
    today = timezone.localdate()
    for entity in entities:
        entity.agreement_state = selectors.agreement_state(entity, today)
    return render(
        request,
        "partners/list.html",
        {
            "entities": entities,
            "kind": kind,
            "kinds": Entity.Kind.choices,
            "status": status,
            "statuses": [("active", _("Active")), ("suspended", _("Suspended"))],
            "agreement": agreement,
            "agreements": AGREEMENT_LABELS,
            "can_create": can_manage_entities(request.user),
        },
    )


@role_required(*DIRECTORY_READERS)
def entity_detail(request, code):
    entity = access_entity(request.user, code)
    show_staff = can_see_entity_staff(request.user, entity)
    can_manage = can_manage_entity(request.user, entity)
    return render(
        request,
        "partners/detail.html",
        {
            "entity": entity,
            "governorates": entity.governorates.all(),
            "opportunities": entity.opportunities.filter(status=Opportunity.Status.OPEN).order_by(
                "starts_on"
            )[:50],
            "figures": selectors.answer_figures(entity),
            "staff": entity.staff.filter(is_active=True).order_by("username") if show_staff else None,
            "agreement_state": selectors.agreement_state(entity),
            "agreement_labels": dict(AGREEMENT_LABELS),
            "agreements": entity.agreements.all() if can_manage else None,
            "can_manage": can_manage,
            "today": timezone.localdate(),
            "now": timezone.now(),
            "invitations": entity.invitations.all()[:20] if can_manage else None,
        },
    )
