"""Who may read the audit trail: the auditor, and only the trail (no registry browsing from here)."""

from tamkeen.accounts.models import Role

TRAIL_READERS = (Role.AUDITOR,)


def can_search_trail(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in TRAIL_READERS
