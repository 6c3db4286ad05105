"""The administrator's home: messages the outbox gave up on (every attempt failed), newest first."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

from .models import Message


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_administrator:
        return []
    failed = (
        Message.objects.filter(status=Message.Status.FAILED)
        .select_related("member", "user")
        .order_by("-created_at", "-pk")
    )
    failed_count, failed_first = first_and_count(failed)
    return [
        WorkQueue(
            key="admin-failed-messages",
            title=gettext("Messages that could not be sent"),
            count=failed_count,
            items=[
                WorkItem(
                    label=str(message.member or message.user or message.to_address),
                    url=reverse("admin:notifications_message_change", args=[message.pk]),
                    detail=message.get_channel_display(),
                    when=timezone.localtime(message.created_at).date(),
                )
                for message in failed_first
            ],
            url=f"{reverse('admin:notifications_message_changelist')}?status__exact=failed",
            order=20,
        )
    ]
