"""The door to the message log: staff read the lines of the members they may see."""

from django.db.models import QuerySet

from tamkeen.core.access import get_visible_or_404

from .models import Message
from .selectors import messages_visible_to


def access_message(user, pk) -> Message:
    return get_visible_or_404(messages_visible_to(user), pk=pk)


def message_log_for(user) -> QuerySet[Message]:
    return messages_visible_to(user)
