"""The doors to printable documents.

A document is printed from the record it is about, through that record's own door: whoever may open the
referral, the household's case, the enterprise or the figures may print its document, and everyone else gets
the same 404 as for a record that does not exist. The issued-documents register (and revoking) belongs to the
office supervisor of the issuing office and to the region's manager; the national manager reads every region's
register and prints the national year figures, and revokes nothing (a region's papers are its own).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tamkeen.accounts.access import in_visible_regions, regions_visible_to
from tamkeen.core.access import get_visible_or_404
from tamkeen.core.hijri import MAX_HIJRI_YEAR, MIN_HIJRI_YEAR

from .models import IssuedDocument, Kind


@dataclass
class Subject:
    """What a document is about, resolved through its own door."""

    kind: str
    # The record the verification page checks (a referral, an exit, a certificate, a region/office); None for
    # the national year figures, which are about every region.
    obj: Model | None
    reference: str
    office: Model | None
    region: Model | None
    member: Model | None = None  # the person the paper names, when there is one
    year: int | None = None


def _not_found():
    return Http404(_("Not found."))


def _referral(user, key: str) -> Subject:
    from tamkeen.referrals.access import access_referral, can_see_shared_data, is_receiving_partner

    referral = access_referral(user, key)
    # A proposal was never sent, so there is nothing to hand the entity; the entity itself holds the letter
    # only while the member's consent to it stands (the letter names the member).
    if referral.sent_at is None:
        raise _not_found()
    if is_receiving_partner(user, referral) and not can_see_shared_data(user, referral):
        raise _not_found()
    return Subject(
        kind=Kind.REFERRAL_LETTER,
        obj=referral,
        reference=referral.public_id,
        office=referral.office,
        region=referral.office.region,
        member=referral.member,
    )


def _case_exit(user, key: str, kind: str) -> Subject:
    from tamkeen.cases.access import households_visible_to
    from tamkeen.cases.models import CaseExit

    exit_kind = CaseExit.Kind.SANCTION if kind == Kind.SANCTION_NOTICE else CaseExit.Kind.GRADUATED
    visible = CaseExit.objects.filter(
        household__in=households_visible_to(user), kind=exit_kind, reentered_at__isnull=True
    ).select_related("household__office__region", "decided_by")
    case_exit = get_visible_or_404(visible, pk=key)
    household = case_exit.household
    return Subject(
        kind=kind,
        obj=case_exit,
        reference=household.file_number or str(household.pk),
        office=household.office,
        region=household.office.region,
        member=household.members.filter(relation="head").first(),
    )


def _certificate(user, key: str) -> Subject:
    from tamkeen.enterprises.access import enterprises_visible_to
    from tamkeen.enterprises.models import Certificate

    visible = Certificate.objects.filter(enterprise__in=enterprises_visible_to(user)).select_related(
        "enterprise__household__office__region", "enterprise__owner", "enterprise__activity"
    )
    certificate = get_visible_or_404(visible, pk=key)
    office = certificate.enterprise.household.office
    return Subject(
        kind=Kind.PRODUCTIVE_FAMILY_CERTIFICATE,
        obj=certificate,
        reference=certificate.number,
        office=office,
        region=office.region,
        member=certificate.enterprise.owner,
    )


def _year_figures(user, key: str) -> Subject:
    from tamkeen.geography.models import Office, Region

    # The figures' readers are those of the reports dashboard: the region's manager and an office supervisor
    # (for their office).
    if not getattr(user, "is_authenticated", False) or not (user.is_manager or user.is_supervisor):
        raise _not_found()
    try:
        year = int(key)
    except ValueError:
        raise _not_found() from None
    if not MIN_HIJRI_YEAR <= year <= MAX_HIJRI_YEAR:
        raise _not_found()
    if user.is_supervisor:
        office = get_visible_or_404(Office.objects.select_related("region"), pk=user.office_id)
        return Subject(Kind.YEAR_FIGURES, office, str(year), office, office.region, year=year)
    if regions_visible_to(user) is None:
        return Subject(Kind.YEAR_FIGURES, None, str(year), None, None, year=year)
    region = get_visible_or_404(Region.objects.all(), pk=user.region_id)
    return Subject(Kind.YEAR_FIGURES, region, str(year), None, region, year=year)


def access_subject(user, kind: str, key: str) -> Subject:
    """The record a document of `kind` is printed from, or 404 (missing and not yours look the same)."""
    if not getattr(user, "is_authenticated", False):
        raise _not_found()
    if kind == Kind.REFERRAL_LETTER:
        return _referral(user, key)
    if kind in (Kind.SANCTION_NOTICE, Kind.GRADUATION_CERTIFICATE):
        return _case_exit(user, key, kind)
    if kind == Kind.PRODUCTIVE_FAMILY_CERTIFICATE:
        return _certificate(user, key)
    if kind == Kind.YEAR_FIGURES:
        return _year_figures(user, key)
    raise _not_found()


def issued_documents_visible_to(user) -> QuerySet[IssuedDocument]:
    documents = IssuedDocument.objects.select_related("office", "region", "issued_by", "revoked_by")
    if not getattr(user, "is_authenticated", False):
        return documents.none()
    if user.is_supervisor and user.office_id:
        return documents.filter(office_id=user.office_id)
    if user.is_manager:
        return in_visible_regions(documents, user)
    return documents.none()


def access_issued_document(user, pk) -> IssuedDocument:
    return get_visible_or_404(issued_documents_visible_to(user), pk=pk)


def may_revoke_documents(user) -> bool:
    """The role may revoke (which documents: those of its register); the national manager only reads."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_supervisor or (user.is_manager and not user.is_national_manager)
    )


def can_revoke(user, document: IssuedDocument) -> bool:
    return (
        may_revoke_documents(user)
        and not document.is_revoked
        and issued_documents_visible_to(user).filter(pk=document.pk).exists()
    )
