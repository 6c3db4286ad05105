from django.conf import settings
from django.utils import timezone

from tamkeen.accounts.models import User, UserSession


def sessions_of(user: User) -> list[UserSession]:
    """The user's sessions that can still be used: seen within the idle limit (plus the minute of slack)."""
    alive_since = timezone.now() - settings.TAMKEEN_IDLE_TIMEOUT - timezone.timedelta(minutes=1)
    return list(
        UserSession.objects.filter(user=user, last_seen_at__gte=alive_since).order_by("-last_seen_at")
    )
