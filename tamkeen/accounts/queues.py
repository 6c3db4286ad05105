"""The administrator's home: sign-in names locked out right now (too many failed sign-ins), each opening its
failure log; the lock lifts by itself after the cool-off (tamkeen.accounts.lockout)."""

from datetime import date
from urllib.parse import urlencode

from axes.models import AccessFailureLog
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tamkeen.core.worklist import WorkItem, WorkQueue, first_and_count

from .lockout import cool_off


def locked_out_now(now=None):
    now = now or timezone.now()
    return (
        AccessFailureLog.objects.filter(locked_out=True, attempt_time__gt=now - cool_off())
        .values("username")
        .annotate(since=Max("attempt_time"))
        .order_by("-since", "username")
    )


def work_queues(user, today: date) -> list[WorkQueue]:
    if not user.is_administrator:
        return []
    locked = locked_out_now()
    log = reverse("admin:axes_accessfailurelog_changelist")
    locked_count, locked_first = first_and_count(locked)
    return [
        WorkQueue(
            key="admin-locked-accounts",
            title=gettext("Sign-in names locked out now"),
            count=locked_count,
            items=[
                WorkItem(
                    label=row["username"],
                    url=f"{log}?{urlencode({'username': row['username']})}",
                    when=timezone.localtime(row["since"]).date(),
                )
                for row in locked_first
            ],
            url=f"{log}?locked_out__exact=1",
            order=40,
        )
    ]
