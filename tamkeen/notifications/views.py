from django.core.paginator import Paginator
from django.shortcuts import render

from tamkeen.accounts.access import role_required
from tamkeen.accounts.models import Role

from .access import message_log_for
from .models import Channel, Message

LOG_READERS = (Role.CASE_WORKER, Role.SUPERVISOR, Role.MANAGER)


@role_required(*LOG_READERS)
def log(request):
    rows = message_log_for(request.user)
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    event = request.GET.get("event", "").strip()
    if status in Message.Status.values:
        rows = rows.filter(status=status)
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    if event:
        rows = rows.filter(event__startswith=event)
    page = Paginator(rows.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/log.html",
        {
            "page_obj": page,
            "statuses": Message.Status.choices,
            "channels": Channel.choices,
            "status": status,
            "channel": channel,
            "event": event,
            "query_prefix": f"{query.urlencode()}&" if query else "",
        },
    )
