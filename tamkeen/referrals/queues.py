"""The partner's day: new referrals to answer, and those whose answer is already late."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from tamkeen.core.worklist import FIRST_ITEMS, WorkItem, WorkQueue, capped_count

from . import selectors


def _items(referrals, today: date) -> list[WorkItem]:
    return [
        WorkItem(
            label=referral.public_id,
            url=reverse("referrals:detail", args=[referral.public_id]),
            detail=referral.opportunity.title,
            due=referral.due_by,
            is_late=referral.due_by is not None and referral.due_by < today,
        )
        for referral in referrals[:FIRST_ITEMS]
    ]


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_partner:
        return []
    inbox = reverse("referrals:inbox")
    new = selectors.partner_inbox(user, "new")
    overdue = selectors.partner_inbox(user, "overdue")
    waiting = selectors.partner_inbox(user, "waiting")
    return [
        WorkQueue(
            key="referrals-late",
            title=gettext("Referrals whose answer is late"),
            count=capped_count(overdue),
            items=_items(overdue, today),
            url=f"{inbox}?box=overdue",
            order=5,
            is_urgent=True,
        ),
        WorkQueue(
            key="referrals-new",
            title=gettext("New referrals to answer"),
            count=capped_count(new),
            items=_items(new, today),
            url=f"{inbox}?box=new",
            order=10,
        ),
        WorkQueue(
            key="referrals-waiting",
            title=gettext("Accepted referrals waiting for an outcome"),
            count=capped_count(waiting),
            items=_items(waiting, today),
            url=f"{inbox}?box=waiting",
            order=20,
        ),
    ]
