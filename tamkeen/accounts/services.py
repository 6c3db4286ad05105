from django.db import transaction

from tamkeen.accounts.models import Role, User
from tamkeen.core.audit import audit_record


@transaction.atomic
def user_upsert(*, actor, username: str, role: Role, password_hash: str, **fields) -> User:
    """Create or update a staff account (used by the seed and by administrators' scripts).

    Takes a hash (django.contrib.auth.hashers.make_password) so a batch of accounts costs one hashing.
    """
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **fields})
    if not created:
        for name, value in {"role": role, **fields}.items():
            setattr(user, name, value)
        user.save(update_fields=["role", *fields.keys()])
    user.password = password_hash
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.created" if created else "user.updated", obj=user)
    return user
