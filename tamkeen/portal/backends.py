"""The session backend of portal sign-ins. It authenticates nothing by password: the portal's identity
providers decide who someone is and log them in with this backend named explicitly."""

from tamkeen.accounts.models import Role, User


class PortalBackend:
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, role=Role.BENEFICIARY, is_active=True).first()

    def has_perm(self, user_obj, perm, obj=None):
        return False
