"""Every write of data-subject rights: exports of a member's data and correction requests (PDPL)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.registry.models import Member

from .access import can_decide_correction, can_request_correction, can_request_export
from .messages import tell_correction_decided, tell_export_ready
from .models import CORRECTABLE_FIELDS, CorrectionRequest, DataExport

ANSWER_DAYS = 30  # PDPL: a data-subject request is answered within 30 days (domain.md §7)

ROLL_COLUMNS = ("national_id", "relation", "first_name", "father_name", "grandfather_name", "family_name",
                "gender", "birth_date", "phone", "education", "marital_status", "disability", "work_capacity")  # fmt: skip


def _channel(actor) -> str:
    return "portal" if getattr(actor, "role", "") == "beneficiary" else "office"


# ---- data export ------------------------------------------------------------------------------------------


@transaction.atomic
def member_data_export_request(*, actor, member: Member) -> DataExport:
    """A copy of everything held about ``member``, prepared by the worker once this transaction commits.

    Office staff who may see the member ask for it on the member's page; the member asks for it on the portal.
    """
    if not can_request_export(actor, member):
        raise PermissionDenied(_("You cannot request this member's data."))
    export = DataExport.objects.create(member=member, requested_by=actor, channel=_channel(actor))
    audit_record(
        actor=actor, action="privacy.data_export.request", obj=export, member_id=member.pk,
        changes={"channel": [None, export.channel]},
    )  # fmt: skip

    def enqueue() -> None:
        from .tasks import build_member_data_export

        build_member_data_export.enqueue(export.pk)

    transaction.on_commit(enqueue)
    return export


def member_data_export_build(*, export: DataExport) -> DataExport:
    """Run by the worker: gather, render (JSON + Arabic PDF), zip and store privately."""
    from django.core.files.base import ContentFile

    from .exporting import build_zip

    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.RUNNING, updated_at=timezone.now()
    )
    try:
        content = build_zip(export.member, generated_at=timezone.now(), reference=str(export.public_id))
    except Exception as exc:
        with transaction.atomic():
            DataExport.objects.filter(pk=export.pk).update(
                status=DataExport.Status.FAILED, error=exc.__class__.__name__, finished_at=timezone.now()
            )
            audit_record(actor=None, action="privacy.data_export.failed", obj=export, member_id=export.member_id,
                         reason=exc.__class__.__name__)  # fmt: skip
        raise
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export.pk)
        export.file.save(f"member-data-{export.public_id}.zip", ContentFile(content), save=False)
        export.size = len(content)
        export.status = DataExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "size", "status", "finished_at", "updated_at"])
        audit_record(actor=None, action="privacy.data_export.ready", obj=export, member_id=export.member_id,
                     changes={"size": [None, export.size]})  # fmt: skip
        tell_export_ready(export)
    return export


# ---- correction requests ----------------------------------------------------------------------------------


def _current_text(member: Member, field: str) -> str:
    value = getattr(member, field)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)


def correction_values(member: Member, field: str, proposed: str) -> dict:
    """The member's values after the correction, cleaned as the roll and the member form clean them;
    ValidationError when the proposed value is not acceptable for that field."""
    from tamkeen.registry.forms import REASON_MESSAGES
    from tamkeen.registry.roll import validation as v
    from tamkeen.registry.roll.apply import build_reference

    if field not in CORRECTABLE_FIELDS:
        raise ValidationError(_("This field cannot be corrected by a request."), code="field")
    household = member.household
    row = {column: _current_text(member, column) for column in ROLL_COLUMNS}
    row.update(file_number=household.file_number, office_code=household.office.code,
               governorate=household.governorate.code)  # fmt: skip
    row[field] = proposed
    result = v.validate_row(row, build_reference(only_office_id=household.office_id))
    problems = [reason for column, _value, reason in result.problems if column == field]
    if problems:
        raise ValidationError(REASON_MESSAGES.get(problems[0], problems[0]), code=problems[0])
    values = {field: result.values.get(field, "")}
    if field in v.NAME_COLUMNS:
        values["name_key"] = result.values["name_key"]
    if field == "disability" and values[field] in ("", None):
        values[field] = Member.Disability.NONE
    return values


@transaction.atomic
def correction_request_create(
    *,
    actor,
    member: Member,
    field: str,
    proposed_value: str,
    reason: str = "",
    received_on: date | None = None,
) -> CorrectionRequest:
    """Record a member's request to correct one field; the answer is due 30 days after it was received."""
    if not can_request_correction(actor, member):
        raise PermissionDenied(_("You cannot file a request for this member."))
    proposed_value = (proposed_value or "").strip()
    values = correction_values(member, field, proposed_value)
    if values[field] == getattr(member, field):
        raise ValidationError(_("This is already the recorded value."), code="unchanged")
    received_on = received_on or timezone.localdate()
    request = CorrectionRequest.objects.create(
        member=member, field=field, current_value=_current_text(member, field)[:200],
        proposed_value=proposed_value[:200], reason=reason, channel=_channel(actor), received_on=received_on,
        due_on=received_on + timedelta(days=ANSWER_DAYS), requested_by=actor,
    )  # fmt: skip
    audit_record(
        actor=actor, action="privacy.correction.request", obj=request, member_id=member.pk,
        changes={field: [request.current_value, request.proposed_value]}, reason=reason,
    )  # fmt: skip
    return request


@transaction.atomic
def correction_request_accept(*, actor, request: CorrectionRequest, note: str = "") -> CorrectionRequest:
    """The supervisor agrees: the correction is applied through the registry's member update (its history and
    audit line say why), and the request is closed."""
    from tamkeen.registry.services import member_update

    request = (
        CorrectionRequest.objects.select_for_update(of=("self",))
        .select_related("member__household")
        .get(pk=request.pk)
    )
    if not can_decide_correction(actor, request):
        raise PermissionDenied(_("Only the office supervisor decides correction requests."))
    if not request.is_open:
        raise ValidationError(_("This request has already been decided."), code="decided")
    values = correction_values(request.member, request.field, request.proposed_value)
    why = f"correction request {request.pk} accepted"  # stored history, like a roll import's reason
    member_update(actor=actor, member=request.member, values=values, reason=f"{why}. {note}".strip()[:300])
    request.status = CorrectionRequest.Status.ACCEPTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(
        actor=actor, action="privacy.correction.accept", obj=request, member_id=request.member_id,
        changes={"status": ["received", "accepted"]}, reason=note,
    )  # fmt: skip
    tell_correction_decided(request)
    return request


@transaction.atomic
def correction_request_reject(*, actor, request: CorrectionRequest, reason: str) -> CorrectionRequest:
    """The supervisor refuses, and must say why (the member is told)."""
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if not can_decide_correction(actor, request):
        raise PermissionDenied(_("Only the office supervisor decides correction requests."))
    if not request.is_open:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if not (reason or "").strip():
        raise ValidationError(_("Say why the request is rejected."), code="reason")
    request.status = CorrectionRequest.Status.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
    audit_record(
        actor=actor, action="privacy.correction.reject", obj=request, member_id=request.member_id,
        changes={"status": ["received", "rejected"]}, reason=request.decision_reason,
    )  # fmt: skip
    tell_correction_decided(request)
    return request
