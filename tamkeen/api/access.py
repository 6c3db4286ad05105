"""Partner staff see and manage their own entity's API clients only."""

from django.db.models import QuerySet

from tamkeen.api.models import ApiClient
from tamkeen.core.access import get_visible_or_404


def clients_visible_to(user) -> QuerySet[ApiClient]:
    if getattr(user, "is_authenticated", False) and user.is_partner:
        return ApiClient.objects.filter(entity_id=user.entity_id).order_by("-created_at", "-id")
    return ApiClient.objects.none()


def access_client(user, client_id: str) -> ApiClient:
    return get_visible_or_404(clients_visible_to(user).select_related("entity"), client_id=client_id)
