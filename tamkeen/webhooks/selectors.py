from django.db.models import QuerySet

from tamkeen.webhooks.models import Delivery, Endpoint


def endpoints_of_entity(entity_id) -> QuerySet[Endpoint]:
    if entity_id is None:
        return Endpoint.objects.none()
    return Endpoint.objects.filter(entity_id=entity_id, deleted_at__isnull=True)


def deliveries_of(endpoint) -> QuerySet[Delivery]:
    return Delivery.objects.filter(endpoint=endpoint).select_related("event").prefetch_related("attempts")
