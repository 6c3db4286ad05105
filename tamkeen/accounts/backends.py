"""Who may hold a staff session: an active account and, for partner staff, an entity taking part.

Django asks `user_can_authenticate` both at sign-in and on every request (`get_user`), so suspending an entity
ends its staff's sessions at their next request without touching the session store.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

User = get_user_model()


class StaffBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return user.entity_id is None or user.entity.is_active

    def get_user(self, user_id):
        # The entity comes with the user: one query per request, not two.
        user = User._default_manager.select_related("entity").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
