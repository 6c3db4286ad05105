"""Who sees which referral, and how much of the person behind it.

Office staff, managers and beneficiaries see the referrals of the members the registry shows them
(tamkeen.registry.access: a beneficiary only their own). Partner staff see the referrals sent to their entity,
never a mere proposal, and of the person only the fields frozen when it was sent — and only while the member's
consent to that entity stands: after a withdrawal the reference and the status remain.
"""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from tamkeen.consent.models import Consent, Purpose
from tamkeen.core.access import get_visible_or_404
from tamkeen.referrals.lifecycle import OFFICE, PARTNER, allowed_actions
from tamkeen.referrals.models import OfficeNotice, Referral
from tamkeen.registry.access import can_edit_member, members_visible_to


def referrals_visible_to(user) -> QuerySet[Referral]:
    referrals = Referral.objects.select_related("opportunity__entity", "member__household", "office")
    if not getattr(user, "is_authenticated", False):
        return referrals.none()
    if user.is_partner:
        if not user.entity_id:
            return referrals.none()
        # Sent at some point: a proposal withdrawn before sending never reached the entity.
        return referrals.filter(opportunity__entity_id=user.entity_id, sent_at__isnull=False)
    return referrals.filter(member__in=members_visible_to(user))


def with_consent_state(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Annotate ``is_consent_active``: the member's latest referral consent to the entity is not a withdrawal."""
    latest = Consent.objects.filter(
        member_id=OuterRef("member_id"),
        entity_id=OuterRef("opportunity__entity_id"),
        purpose=Purpose.REFERRAL,
    ).order_by("-given_at", "-id")
    referrals = referrals.annotate(latest_consent_id=Subquery(latest.values("pk")[:1]))
    return referrals.annotate(
        is_consent_active=Exists(
            Consent.objects.filter(pk=OuterRef("latest_consent_id"), withdrawn_at__isnull=True)
        )
    )


def _consent_active(referral: Referral) -> bool:
    annotated = getattr(referral, "is_consent_active", None)
    if annotated is not None:
        return annotated
    from tamkeen.consent.selectors import active_consent

    return active_consent(referral.member, referral.opportunity.entity, Purpose.REFERRAL) is not None


def can_view_referral(user, referral: Referral) -> bool:
    return referrals_visible_to(user).filter(pk=referral.pk).exists()


def is_receiving_partner(user, referral: Referral) -> bool:
    """Staff of the entity the referral was sent to (a proposal is not sent to anyone)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_partner
        and user.entity_id is not None
        and user.entity_id == referral.opportunity.entity_id
        and referral.sent_at is not None
    )


def can_see_shared_data(user, referral: Referral) -> bool:
    """The frozen fields: for the office and the member always; for the entity only while the consent stands."""
    if is_receiving_partner(user, referral):
        return bool(referral.shared_fields) and _consent_active(referral)
    return not user.is_partner and can_view_referral(user, referral)


def referral_role_of(user, referral: Referral) -> str:
    """OFFICE for office staff who may work the member's case, PARTNER for the receiving entity, else ""."""
    if (
        getattr(user, "is_authenticated", False)
        and user.is_office_staff
        and can_edit_member(user, referral.member)
    ):
        return OFFICE
    if is_receiving_partner(user, referral):
        return PARTNER
    return ""


def can_act_on_referral(user, referral: Referral, action: str) -> bool:
    role = referral_role_of(user, referral)
    return bool(role) and action in allowed_actions(referral.status, role)


def access_referral(user, public_id: str) -> Referral:
    return get_visible_or_404(referrals_visible_to(user), public_id=public_id)


def notices_visible_to(user) -> QuerySet[OfficeNotice]:
    if getattr(user, "is_authenticated", False) and user.is_office_staff:
        return OfficeNotice.objects.filter(
            office_id=user.office_id, referral__in=referrals_visible_to(user)
        ).select_related("referral__opportunity")
    return OfficeNotice.objects.none()


def access_notice(user, pk: int) -> OfficeNotice:
    return get_visible_or_404(notices_visible_to(user), pk=pk)
