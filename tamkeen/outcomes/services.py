"""All writes to outcomes, verifications and follow-ups. Each is a named action that checks who and from which state."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.core.periods import add_years
from tamkeen.outcomes.access import (
    can_confirm_outcome,
    can_record_follow_up,
    can_refute_outcome,
    can_report_outcome,
    can_verify_outcome,
)
from tamkeen.outcomes.attribution import attribution_on
from tamkeen.outcomes.counting import follow_up_dates
from tamkeen.outcomes.models import (
    FOLLOWED_UP_KINDS,
    TRACK_OF_KIND,
    EvidenceKind,
    FollowUp,
    Outcome,
    OutcomeKind,
    PartnerConfirmation,
    Verification,
    VerificationStatus,
)

DEFAULT_FOLLOW_UP_MONTHS = (3, 6, 12)
PRODUCTIVE_FAMILY_CERTIFICATE_YEARS = 3
EMPOWERING_KINDS = frozenset(OutcomeKind.values) - {OutcomeKind.TRAINING_COMPLETED}


def figures_changed(*, days) -> None:
    """Raise the version of every calendar year these days fall in: the year's figure snapshots become stale."""
    from django.db.models import F

    from tamkeen.core.hijri import hijri_year_of
    from tamkeen.outcomes.models import KpiYearVersion

    years = {("hijri", hijri_year_of(day)) for day in days} | {("gregorian", day.year) for day in days}
    for calendar, year in sorted(years):
        KpiYearVersion.objects.bulk_create(
            [KpiYearVersion(calendar=calendar, year=year)], ignore_conflicts=True
        )
        KpiYearVersion.objects.filter(calendar=calendar, year=year).update(version=F("version") + 1)


def follow_up_months() -> tuple[int, ...]:
    """The follow-up marks; a deployment may change them with TAMKEEN_FOLLOW_UP_MONTHS."""
    return tuple(getattr(settings, "TAMKEEN_FOLLOW_UP_MONTHS", DEFAULT_FOLLOW_UP_MONTHS))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this outcome."))


def _snapshot(member, on: date) -> dict:
    """Where the outcome counts: the household and member as the registry's history has them on its date."""
    return {"household": member.household, **attribution_on(member, on)}


@transaction.atomic
def outcome_report(
    *,
    actor,
    member,
    kind: str,
    date: date,
    entity=None,
    referral=None,
    employer_name: str = "",
    establishment_number: str = "",
    wage: Decimal | None = None,
    amount: Decimal | None = None,
    financing_body=None,
    certificate_number: str = "",
    valid_until: date | None = None,
    note: str = "",
    is_discovered: bool = False,
) -> Outcome:
    """Record a reported outcome (not counted until verified)."""
    if kind not in OutcomeKind.values:
        raise ValidationError(_("Unknown outcome kind."))
    if not can_report_outcome(actor, member):
        raise PermissionDenied(_("You may not record outcomes for this member."))
    if kind == OutcomeKind.PRODUCTIVE_FAMILY_CERTIFICATE and valid_until is None:
        valid_until = add_years(date, PRODUCTIVE_FAMILY_CERTIFICATE_YEARS)
    if kind == OutcomeKind.PROJECT_FINANCED and financing_body is None and entity is not None:
        financing_body = entity
    outcome = Outcome(
        member=member,
        kind=kind,
        track=TRACK_OF_KIND[kind],
        date=date,
        entity=entity,
        employer_name=employer_name,
        establishment_number=establishment_number,
        wage=wage,
        amount=amount,
        financing_body=financing_body,
        certificate_number=certificate_number,
        valid_until=valid_until,
        note=note,
        is_discovered=is_discovered,
        reported_by=actor,
        **_snapshot(member, date),
    )
    outcome.referral = referral
    outcome.full_clean(exclude=["household", "office", "governorate", "member"])
    outcome.save()
    audit_record(
        actor=actor,
        action="outcome.discovered" if is_discovered else "outcome.reported",
        obj=outcome,
        member_id=member.pk,
        changes={"kind": [None, kind], "date": [None, date]},
    )
    return outcome


def _enter_transition(*, actor, outcome: Outcome) -> None:
    """A verified hire or project starts the household's transition period (the case-work app owns it).

    A plain import, so renaming the action fails loudly here instead of silently ending transitions; inside the
    function because case work's own imports reach back to referrals, which imports outcomes."""
    from tamkeen.cases.services import household_enter_transition

    office_actor = actor if actor is not None and (actor.is_office_staff or actor.is_manager) else None
    # Not an active household (suspended, exited, already graduated): the outcome still stands and counts.
    with suppress(ValidationError):
        household_enter_transition(actor=office_actor, household=outcome.household, outcome_date=outcome.date)


def _schedule_follow_ups(outcome: Outcome) -> int:
    if outcome.kind not in FOLLOWED_UP_KINDS:
        return 0
    worker = outcome.member.case_worker
    created = 0
    for months, due in follow_up_dates(outcome.date, follow_up_months()):
        _, was_created = FollowUp.objects.get_or_create(
            outcome=outcome, months=months, defaults={"due_on": due, "assigned_to": worker}
        )
        created += was_created
    return created


@transaction.atomic
def outcome_verify(
    *,
    actor,
    outcome: Outcome,
    evidence_kind: str,
    source: str = "",
    reference: str = "",
    note: str = "",
    on: date | None = None,
) -> Outcome:
    """reported (or refuted, on new evidence) → verified; schedules follow-ups and starts the transition period."""
    _require(can_verify_outcome(actor, outcome))
    if outcome.verification_status == VerificationStatus.VERIFIED:
        raise ValidationError(_("This outcome is already verified."))
    if evidence_kind not in EvidenceKind.values:
        raise ValidationError(_("Choose the evidence."))
    if evidence_kind == EvidenceKind.PARTNER_CONFIRMATION and not outcome.confirmations.exists():
        raise ValidationError(_("No partner confirmation of this outcome is on file."))
    on = on or timezone.localdate()
    Verification.objects.create(
        outcome=outcome,
        result=VerificationStatus.VERIFIED,
        evidence_kind=evidence_kind,
        actor=actor,
        source=source,
        reference=reference,
        note=note,
    )
    changes = changed_fields(
        outcome,
        {
            "verification_status": VerificationStatus.VERIFIED,
            "evidence_kind": evidence_kind,
            "verified_on": on,
        },
    )
    outcome.verification_status = VerificationStatus.VERIFIED
    outcome.evidence_kind = evidence_kind
    outcome.verified_on = on
    outcome.save(update_fields=["verification_status", "evidence_kind", "verified_on", "updated_at"])
    audit_record(
        actor=actor, action="outcome.verified", obj=outcome, member_id=outcome.member_id, changes=changes
    )
    figures_changed(days=[outcome.date])
    _schedule_follow_ups(outcome)
    if outcome.kind in EMPOWERING_KINDS:
        _enter_transition(actor=actor, outcome=outcome)
    return outcome


@transaction.atomic
def outcome_refute(
    *, actor, outcome: Outcome, evidence_kind: str, reason: str, source: str = "", reference: str = ""
) -> Outcome:
    """reported or verified → refuted (the evidence contradicts it); a refuted outcome never counts."""
    _require(can_refute_outcome(actor, outcome))
    if outcome.verification_status == VerificationStatus.REFUTED:
        raise ValidationError(_("This outcome is already refuted."))
    if not reason.strip():
        raise ValidationError(_("Say why the outcome is refuted."))
    Verification.objects.create(
        outcome=outcome,
        result=VerificationStatus.REFUTED,
        evidence_kind=evidence_kind or EvidenceKind.DOCUMENT,
        actor=actor,
        source=source,
        reference=reference,
        note=reason,
    )
    changes = changed_fields(outcome, {"verification_status": VerificationStatus.REFUTED})
    outcome.verification_status = VerificationStatus.REFUTED
    outcome.save(update_fields=["verification_status", "updated_at"])
    outcome.follow_ups.filter(result=FollowUp.Result.PENDING).delete()
    figures_changed(days=[outcome.date])
    audit_record(
        actor=actor,
        action="outcome.refuted",
        obj=outcome,
        member_id=outcome.member_id,
        changes=changes,
        reason=reason,
    )
    return outcome


@transaction.atomic
def outcome_confirm(*, actor, outcome: Outcome, reference: str = "", note: str = "") -> PartnerConfirmation:
    """The receiving entity confirms its referral's outcome: evidence on file for the office, not a decision.

    The entity chooses nothing about the evidence: its kind is "partner confirmation", and the outcome stays as
    it is (reported, verified or refuted) until the office weighs it. Confirming twice changes nothing.
    """
    if not can_confirm_outcome(actor, outcome):
        raise PermissionDenied(_("Only the entity the referral was sent to may confirm its outcome."))
    confirmation, created = PartnerConfirmation.objects.get_or_create(
        outcome=outcome,
        entity_id=actor.entity_id,
        defaults={"actor": actor, "reference": reference[:120], "note": note},
    )
    if created:
        audit_record(
            actor=actor,
            action="outcome.partner_confirmed",
            obj=outcome,
            member_id=outcome.member_id,
            changes={"confirmation": [None, reference[:120]]},
        )
    return confirmation


@transaction.atomic
def outcome_record_coverage(*, outcome: Outcome, registered_until: date | None, covered_until: date) -> None:
    """What a social-insurance file says about a verified hire: still registered, or until when."""
    fields = {"covered_until": max(covered_until, outcome.covered_until or covered_until)}
    fields["registered_until"] = registered_until
    changes = changed_fields(outcome, fields)
    if not changes:
        return
    for name, value in fields.items():
        setattr(outcome, name, value)
    outcome.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=None, action="outcome.coverage", obj=outcome, member_id=outcome.member_id, changes=changes
    )


@transaction.atomic
def follow_up_record(
    *,
    actor,
    follow_up: FollowUp,
    result: str,
    current_income: Decimal | None = None,
    reason: str = "",
    note: str = "",
    recorded_on: date | None = None,
) -> FollowUp:
    if not can_record_follow_up(actor, follow_up):
        raise PermissionDenied(_("Follow-ups are recorded by the office."))
    if result not in FollowUp.Result.values or result == FollowUp.Result.PENDING:
        raise ValidationError(_("Choose what the follow-up found."))
    if result == FollowUp.Result.NOT_ACTIVE and not reason:
        raise ValidationError(_("Say why the member is no longer employed or the business closed."))
    fields = {
        "result": result,
        "current_income": current_income,
        "reason": reason if result == FollowUp.Result.NOT_ACTIVE else "",
        "note": note,
        "recorded_on": recorded_on or timezone.localdate(),
    }
    changes = changed_fields(follow_up, fields)
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.save(update_fields=list(fields))
    audit_record(
        actor=actor,
        action="follow_up.recorded",
        obj=follow_up,
        member_id=follow_up.outcome.member_id,
        changes=changes,
    )
    return follow_up


@transaction.atomic
def employment_import_queue(*, actor, file_name: str, content: bytes):
    """Store an uploaded social-insurance file and queue its reading (a background task)."""
    from tamkeen.outcomes.access import may_upload_employment
    from tamkeen.outcomes.models import EmploymentImport
    from tamkeen.outcomes.tasks import run_employment_import

    if actor is not None and not may_upload_employment(actor):
        raise PermissionDenied
    upload = EmploymentImport.objects.create(uploaded_by=actor, file_name=file_name[:200], content=content)
    audit_record(
        actor=actor, action="employment_import.queued", obj=upload, changes={"file_name": [None, file_name]}
    )
    transaction.on_commit(lambda: run_employment_import.enqueue(upload.pk))
    return upload


def employment_import_run(*, upload, workdir) -> dict:
    """Read a stored upload; the import itself is one transaction, its state row is updated around it."""
    import tempfile

    from tamkeen.outcomes.employment import UnreadableFile, import_employment_file
    from tamkeen.outcomes.models import EmploymentImport

    def progress(done: int, total: int) -> None:
        EmploymentImport.objects.filter(pk=upload.pk).update(
            progress=min(99, int(done * 100 / max(total, 1)))
        )

    EmploymentImport.objects.filter(pk=upload.pk).update(state=EmploymentImport.State.RUNNING, progress=1)
    suffix = "." + upload.file_name.rsplit(".", 1)[-1].lower() if "." in upload.file_name else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix, dir=workdir) as handle:
        handle.write(bytes(upload.content))
        handle.flush()
        try:
            result = import_employment_file(
                handle.name, actor=upload.uploaded_by, source=upload.file_name, progress=progress
            )
        except UnreadableFile as error:
            EmploymentImport.objects.filter(pk=upload.pk).update(
                state=EmploymentImport.State.FAILED, error=str(error), progress=100
            )
            return {"error": str(error)}
    summary = {**result.as_json(), "discovered": result.discovered, "unknown_columns": result.unknown_columns}
    EmploymentImport.objects.filter(pk=upload.pk).update(
        state=EmploymentImport.State.DONE,
        progress=100,
        summary=summary,
        problems=[list(line) for line in result.problems[:2000]],
    )
    return summary
