"""A referral's status badge in a list's rows, without an include per row (the inbox shows 50 a page)."""

from django import template
from django.utils.html import format_html

register = template.Library()

# The same substring tests as referrals/status_badge.html, which the referral's own page still includes.
_OK = "completed,started,enrolled,accepted"
_DANGER = "declined,dropped_out,expired,withdrawn"


@register.simple_tag
def status_badge(status: str, label) -> str:
    """referrals/status_badge.html's output, byte for byte."""
    if status in _OK:
        css = " badge-ok"
    elif status in _DANGER:
        css = " badge-danger"
    elif status == "sent":
        css = " badge-warn"
    else:
        css = ""
    return format_html('<span class="badge{}">{}</span>\n', css, label)
