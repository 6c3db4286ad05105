"""Inviting an entity's staff: the manager (or administrator) names an e-mail address; the invitee receives a
single-use link through the outbox, chooses a password and becomes a partner user of that entity only.

The account is created, inactive and without a usable password, when the invitation is sent (the outbox writes
to people, and the invitee must be one); opening the link and choosing a password activates it.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.notifications.services import notify
from tamkeen.partners.messages import STAFF_INVITATION
from tamkeen.partners.models import Entity, StaffInvitation
from tamkeen.partners.services import can_manage_entity

INVITATION_DAYS = 7


class InvitationRefused(ValueError):
    """The link cannot be used; ``code`` says why (unknown, used, expired, replaced, suspended)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def staff_invite(
    *, actor, entity: Entity, email: str, link_for, first_name: str = "", last_name: str = ""
) -> StaffInvitation:
    """``link_for(token)`` builds the absolute link the e-mail carries (the view knows the site's address)."""
    from tamkeen.accounts.models import Role, User

    if not can_manage_entity(actor, entity):
        raise PermissionDenied
    if not entity.is_active:
        raise ValidationError(_("A suspended entity cannot receive new staff."))
    email = email.strip().lower()
    existing = User.objects.filter(username__iexact=email).first() or (
        User.objects.filter(email__iexact=email).first()
    )
    if existing is not None and (existing.is_active or existing.entity_id != entity.pk):
        raise ValidationError(_("An account with this e-mail address already exists."))
    now = timezone.now()
    if existing is None:
        user = User(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=Role.PARTNER,
            entity=entity,
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
    else:  # invited before and never came: the earlier links stop working, a new one goes out
        user = existing
        StaffInvitation.objects.filter(user=user, accepted_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=now
        )
    token = secrets.token_urlsafe(32)
    invitation = StaffInvitation.objects.create(
        entity=entity,
        email=email,
        user=user,
        token_hash=_hash(token),
        invited_by=actor,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    notify(
        event=STAFF_INVITATION,
        user=user,
        context={
            "inviter": actor.get_full_name() or actor.username,
            "entity": entity.name,
            "link": link_for(token),
            "username": user.username,
            "expires": timezone.localdate(invitation.expires_at),
            "dedupe_key": f"staff-invitation-{invitation.pk}",
        },
        required=True,
    )
    audit_record(
        actor=actor,
        action="entity.staff_invite",
        obj=invitation,
        changes={"entity": [None, entity.code], "email": [None, email]},
    )
    return invitation


def _usable(invitation: StaffInvitation | None, now) -> StaffInvitation:
    if invitation is None:
        raise InvitationRefused(_("This invitation link is not valid."), "unknown")
    if invitation.accepted_at is not None:
        raise InvitationRefused(
            _("This invitation has already been used. Sign in with your user name and password."), "used"
        )
    if invitation.cancelled_at is not None:
        raise InvitationRefused(
            _("A newer invitation was sent to this address; use the link in the latest e-mail."), "replaced"
        )
    if invitation.expires_at <= now:
        raise InvitationRefused(
            _("This invitation has expired. Ask your regional manager to invite you again."), "expired"
        )
    if not invitation.entity.is_active:
        raise InvitationRefused(_("The entity that invited you is suspended."), "suspended")
    return invitation


def invitation_for(token: str) -> StaffInvitation:
    """The invitation a link names, if it can still be used; InvitationRefused otherwise (nothing changes)."""
    found = StaffInvitation.objects.select_related("entity", "user").filter(token_hash=_hash(token)).first()
    return _usable(found, timezone.now())


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Activate the invitee's account with the password they chose (already checked by the validators)."""
    found = (
        StaffInvitation.objects.select_for_update(of=("self",))
        .select_related("entity", "user")
        .filter(token_hash=_hash(token))
        .first()
    )
    now = timezone.now()
    invitation = _usable(found, now)
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="entity.staff_join",
        obj=invitation,
        changes={"entity": [None, invitation.entity.code], "user": [None, user.username]},
    )
    return user
