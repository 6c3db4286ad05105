"""Case notes (confidential ones opened only by breaking the glass) and moving a member between caseloads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tamkeen.accounts.models import Role, User
from tamkeen.core import office_figures
from tamkeen.core.audit import audit_record
from tamkeen.core.models import AuditEvent
from tamkeen.registry.models import Member, RecordChange

from ..models import CaseNote
from .checks import CaseError, check_office_staff, check_supervisor


@transaction.atomic
def note_add(*, actor, member: Member, text: str, is_confidential: bool) -> CaseNote:
    member = Member.objects.select_related("household").get(pk=member.pk)
    check_office_staff(actor, member)
    text = text.strip()
    if not text:
        raise CaseError(_("A note cannot be empty."))
    note = CaseNote.objects.create(
        member=member,
        author=actor,
        author_office_id=actor.office_id,
        text=text,
        is_confidential=is_confidential,
    )
    # The audit line records that a note was written, never its text.
    audit_record(
        actor=actor,
        action="note.add",
        obj=note,
        member_id=member.pk,
        changes={"is_confidential": [None, is_confidential]},
    )
    return note


NOTE_BREAK_GLASS = "cases.note.break_glass"


@transaction.atomic
def note_break_glass(*, actor, note: CaseNote, reason: str) -> CaseNote:
    """Open a confidential note from outside its author's office: allowed only with a reason, which is audited."""
    from ..access import can_break_glass

    if not can_break_glass(actor, note):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < 10:
        raise CaseError(_("Write why you need to open this confidential note (at least 10 characters)."))
    audit_record(
        actor=actor,
        action=NOTE_BREAK_GLASS,
        obj=note,
        member_id=note.member_id,
        reason=reason,
        kind=AuditEvent.Kind.READ,
        changes={"author_office": [None, note.author_office_id]},
    )
    return note


@transaction.atomic
def caseload_reassign(*, actor, member: Member, to_worker: User, reason: str = "") -> Member:
    member = Member.objects.select_for_update(of=("self",)).select_related("household").get(pk=member.pk)
    check_supervisor(actor, member.household.office_id)
    if not (
        to_worker.role == Role.CASE_WORKER
        and to_worker.office_id == member.household.office_id
        and to_worker.is_active
    ):
        raise CaseError(_("A member can only be assigned to an active case worker of the member's office."))
    old = member.case_worker_id
    if old == to_worker.pk:
        return member
    member.case_worker = to_worker
    member.save(update_fields=["case_worker", "updated_at"])
    RecordChange.objects.create(
        household=member.household,
        member=member,
        actor=actor,
        source="cases",
        changes={"case_worker": [old, to_worker.pk]},
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="caseload.reassign",
        obj=member,
        member_id=member.pk,
        changes={"case_worker": [old, to_worker.pk]},
        reason=reason,
    )
    office_figures.bump_members(member.household.office_id)
    return member
