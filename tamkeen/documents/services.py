"""Every write to the register of issued documents: issuing and revoking, each audited in its transaction."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record

from .access import Subject, can_revoke
from .content import facts_of, fingerprint, initials
from .models import IssuedDocument


@transaction.atomic
def document_issue(*, actor, subject: Subject, language: str, now=None) -> tuple[IssuedDocument, dict]:
    """Record a document about `subject` (already resolved through its door) and return it with its facts.

    Every print is its own record with its own code: a paper lost or handed on can be revoked alone.
    """
    facts = facts_of(subject)
    member = subject.member
    document = IssuedDocument.objects.create(
        kind=subject.kind,
        subject_type=ContentType.objects.get_for_model(subject.obj) if subject.obj is not None else None,
        subject_id=subject.obj.pk if subject.obj is not None else None,
        reference=subject.reference,
        language=(language or "ar")[:8],
        office=subject.office,
        region=subject.region,
        member=member,
        holder_initials=initials(member.first_name, member.family_name) if member else "",
        content_hash=fingerprint(subject.kind, subject.reference, facts),
        issued_by=actor,
        issued_at=now or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="document.issue",
        obj=document,
        member_id=member.pk if member else None,
        changes={"kind": [None, document.kind], "reference": [None, document.reference]},
    )
    return document, facts


@transaction.atomic
def document_revoke(*, actor, document: IssuedDocument, reason: str, now=None) -> IssuedDocument:
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if not can_revoke(actor, document):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the document is revoked."), code="reason")
    document.is_revoked = True
    document.revoked_at = now or timezone.now()
    document.revoked_by = actor
    document.revoke_reason = reason[:300]
    document.save(update_fields=["is_revoked", "revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action="document.revoke",
        obj=document,
        member_id=document.member_id,
        changes={"is_revoked": [False, True]},
        reason=document.revoke_reason,
    )
    return document
