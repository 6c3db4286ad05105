"""The administrator's home: webhook endpoints switched off after repeated failures; the entity's page says who to
call (the entity re-enables its endpoint from its own webhooks page)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

from .models import Endpoint


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_administrator:
        return []
    disabled = (
        Endpoint.objects.filter(is_active=False, disabled_at__isnull=False)
        .select_related("entity")
        .order_by("-disabled_at", "-pk")
    )
    disabled_count, disabled_first = first_and_count(disabled)
    return [
        WorkQueue(
            key="admin-disabled-webhooks",
            title=gettext("Webhook endpoints switched off"),
            count=disabled_count,
            items=[
                WorkItem(
                    label=endpoint.entity.name,
                    url=reverse("partners:detail", args=[endpoint.entity.code]),
                    # The only reason today (services._record_failure), stored in English for the trail.
                    detail=gettext("Deliveries failed for three days; the entity's staff were told."),
                    when=timezone.localtime(endpoint.disabled_at).date(),
                )
                for endpoint in disabled_first
            ],
            order=30,
        )
    ]
