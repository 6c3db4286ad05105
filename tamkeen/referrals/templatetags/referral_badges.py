"""A referral's status badge in a list's rows, without an include per row (the inbox shows 50 a page)."""

from django import template
from django.utils.html import format_html

from tamkeen.referrals.models import Status

register = template.Library()

# The same groups as referrals/status_badge.html, which the referral's own page still includes.
_OK = {Status.COMPLETED, Status.STARTED, Status.ENROLLED, Status.ACCEPTED}
_DANGER = {Status.DECLINED, Status.DROPPED_OUT, Status.EXPIRED, Status.WITHDRAWN}


@register.simple_tag
def status_badge(status: str, label) -> str:
    """referrals/status_badge.html's output, byte for byte."""
    if status in _OK:
        css = " badge-ok"
    elif status in _DANGER:
        css = " badge-danger"
    elif status == Status.SENT:
        css = " badge-warn"
    else:
        css = ""
    return format_html('<span class="badge{}">{}</span>\n', css, label)
