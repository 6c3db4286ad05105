"""The partner's day: new referrals to answer, and those whose answer is already late."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

from . import selectors


def _queue(referrals, today: date) -> tuple[int, list[WorkItem]]:
    count, first = first_and_count(referrals)
    return count, [
        WorkItem(
            label=referral.public_id,
            url=reverse("referrals:detail", args=[referral.public_id]),
            detail=referral.opportunity.title,
            due=referral.due_by,
            is_late=referral.due_by is not None and referral.due_by < today,
        )
        for referral in first
    ]


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_partner:
        return []
    inbox = reverse("referrals:inbox")
    new_count, new_items = _queue(selectors.partner_inbox(user, "new"), today)
    overdue_count, overdue_items = _queue(selectors.partner_inbox(user, "overdue"), today)
    waiting_count, waiting_items = _queue(selectors.partner_inbox(user, "waiting"), today)
    return [
        WorkQueue(
            key="referrals-late",
            title=gettext("Referrals whose answer is late"),
            count=overdue_count,
            items=overdue_items,
            url=f"{inbox}?box=overdue",
            order=5,
            is_urgent=True,
        ),
        WorkQueue(
            key="referrals-new",
            title=gettext("New referrals to answer"),
            count=new_count,
            items=new_items,
            url=f"{inbox}?box=new",
            order=10,
        ),
        WorkQueue(
            key="referrals-waiting",
            title=gettext("Accepted referrals waiting for an outcome"),
            count=waiting_count,
            items=waiting_items,
            url=f"{inbox}?box=waiting",
            order=20,
        ),
    ]
