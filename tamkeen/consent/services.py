"""Consent writes. A consent record is never edited: a change or a withdrawal is a new record."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.consent.models import Category, Consent, Purpose
from tamkeen.consent.selectors import latest_consent
from tamkeen.core.audit import audit_record
from tamkeen.core.events import publish
from tamkeen.registry.access import can_edit_member


class ConsentError(ValueError):
    pass


def can_manage_consent(actor, member) -> bool:
    """Office staff who may work the member's case (the registry's scope), or the member themself."""
    if actor is None:
        return False
    if actor.is_beneficiary:
        return member.user_id == actor.pk
    return actor.is_office_staff and can_edit_member(actor, member)


def _check_categories(categories) -> list[str]:
    valid = set(Category.values)
    chosen = [c for c in Category.values if c in set(categories)]
    unknown = set(categories) - valid
    if unknown or not chosen:
        raise ConsentError(_("Choose at least one category of data."))
    return chosen


@transaction.atomic
def consent_record(
    *,
    actor,
    member,
    entity,
    purpose: str = Purpose.REFERRAL,
    categories,
    given_via: str | None = None,
    scanned_form=None,
    given_at=None,
) -> Consent:
    """Record a (new or changed) consent; it supersedes the member's previous record for entity × purpose."""
    if not can_manage_consent(actor, member):
        raise PermissionDenied
    if purpose not in Purpose.values:
        raise ConsentError(_("Unknown purpose."))
    chosen = _check_categories(categories)
    if purpose == Purpose.ACCOMMODATION and Category.DISABILITY not in chosen:
        # Accommodation needs are disability data: this purpose means nothing without that category.
        raise ConsentError(_("Consent to accommodation needs must cover the disability data."))
    via = given_via or (Consent.GivenVia.MEMBER if actor.is_beneficiary else Consent.GivenVia.PAPER)
    if via == Consent.GivenVia.PAPER and actor.is_beneficiary:
        raise PermissionDenied
    if via == Consent.GivenVia.PAPER and not scanned_form:
        raise ConsentError(_("Attach the scanned consent form signed by the member."))
    previous = latest_consent(member, entity, purpose, for_update=True)
    consent = Consent(
        member=member,
        entity=entity,
        purpose=purpose,
        categories=chosen,
        given_via=via,
        given_at=given_at or timezone.now(),
        supersedes=previous,
        recorded_by=actor,
    )
    if scanned_form:
        consent.scanned_form = scanned_form
    consent.save()
    audit_record(
        actor=actor,
        action="consent.record",
        obj=consent,
        member_id=member.pk,
        changes={
            "categories": [previous.categories if previous else [], chosen],
            "entity": [None, entity.code],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, member, entity, purpose: str = Purpose.REFERRAL, reason: str = "") -> Consent:
    """Withdraw the active consent: a new record marked withdrawn. Stops new sharing at once."""
    if not can_manage_consent(actor, member):
        raise PermissionDenied
    previous = latest_consent(member, entity, purpose, for_update=True)
    if previous is None or previous.is_withdrawal:
        raise ConsentError(_("There is no active consent to withdraw."))
    now = timezone.now()
    consent = Consent.objects.create(
        member=member,
        entity=entity,
        purpose=purpose,
        categories=previous.categories,
        given_via=Consent.GivenVia.MEMBER if actor.is_beneficiary else Consent.GivenVia.PAPER,
        given_at=now,
        withdrawn_at=now,
        supersedes=previous,
        recorded_by=actor,
    )
    audit_record(actor=actor, action="consent.withdraw", obj=consent, member_id=member.pk, reason=reason)
    # Referrals under way go back to their offices' notices; the entity's webhooks hear of it.
    publish("consent.withdrawn", member=member, entity=entity)
    return consent
