"""Reads: the public verification of a code, and the register of issued documents."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .access import issued_documents_visible_to
from .content import still_stands
from .models import IssuedDocument

VALID, REVOKED, LAPSED, UNKNOWN = "valid", "revoked", "lapsed", "unknown"


@dataclass
class Verification:
    state: str
    document: IssuedDocument | None = None

    @property
    def is_valid(self) -> bool:
        return self.state == VALID


def verification_of(code: str) -> Verification:
    """What the QR code's page says. Only the register and one record's standing are read, never the facts."""
    document = (
        IssuedDocument.objects.select_related("office", "region", "subject_type")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if document is None:
        return Verification(UNKNOWN)
    if document.is_revoked:
        return Verification(REVOKED, document)
    model = document.subject_type.model_class() if document.subject_type_id else None
    subject = model._default_manager.filter(pk=document.subject_id).first() if model else None
    return Verification(VALID if still_stands(document, subject) else LAPSED, document)


def register_for(user) -> QuerySet[IssuedDocument]:
    return issued_documents_visible_to(user)
