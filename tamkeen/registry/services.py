"""Every write to the registry: by hand (forms) or by a roll import started from the web."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core import office_figures, queue_cache
from tamkeen.core.audit import audit_record, changed_fields
from tamkeen.core.digits import normalise_digits

from .models import Household, Member, RecordChange, ReviewFlag, RollImport

HOUSEHOLD_FORM_FIELDS = ("governorate_id", "monthly_income", "pension_amount", "address")
MEMBER_FORM_FIELDS = ("national_id", "relation", "first_name", "father_name", "grandfather_name", "family_name",
                      "name_key", "gender", "birth_date", "phone", "education", "marital_status", "disability",
                      "is_disability_registered", "work_capacity", "is_full_time_student", "is_caregiver", "skills",
                      "employment_status", "is_on_employment_platform", "employment_platform_date")  # fmt: skip


def _require_office_staff(actor, office_id: int) -> None:
    if not (actor.is_office_staff and actor.office_id == office_id):
        raise PermissionDenied(_("Only the office's staff can change its households."))


def _record(*, actor, household: Household, member: Member | None, changes: dict, reason: str, action: str):
    RecordChange.objects.create(
        household=household,
        member=member,
        actor=actor,
        source="form",
        changes={k: [str(v) if v is not None else None for v in pair] for k, pair in changes.items()},
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=action,
        obj=member or household,
        member_id=member.pk if member else None,
        changes=changes,
        reason=reason,
    )


@transaction.atomic
def household_create(
    *, actor, office, household_values: dict, head_values: dict, reason: str = ""
) -> Household:
    """A household typed in by hand, with its head (a household always has exactly one head)."""
    _require_office_staff(actor, office.pk)
    # No file number: a prospect, met at the forum or the office before any social-security file exists.
    file_number = household_values.get("file_number") or ""
    if file_number and Household.objects.filter(file_number=file_number).exists():
        raise ValidationError(
            _("A household with this file number already exists."), code="duplicate_file_number"
        )
    household = Household.objects.create(
        office=office,
        file_number=file_number,
        is_prospect=not file_number,
        **{k: household_values.get(k) for k in HOUSEHOLD_FORM_FIELDS if k in household_values},
    )
    _record(
        actor=actor, household=household, member=None, action="registry.household.create", reason=reason,
        changes={k: [None, v] for k, v in household_values.items()},
    )  # fmt: skip
    member_add(actor=actor, household=household, values={**head_values, "relation": Member.Relation.HEAD})
    return household


@transaction.atomic
def household_assign_file(*, actor, household: Household, file_number: str, reason: str = "") -> Household:
    """A prospect's file has appeared: the household takes its number, keeping its members, their consents,
    referrals and history; the next roll of the office then matches it like any other file."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    _require_office_staff(actor, household.office_id)
    file_number = normalise_digits(file_number or "").strip()
    if not household.is_prospect:
        raise ValidationError(_("This household already has a file number."), code="has_file_number")
    if not file_number.isdigit() or not file_number.isascii():
        raise ValidationError(_("A file number is digits only."), code="file_number_digits")
    if Household.objects.filter(file_number=file_number).exists():
        raise ValidationError(
            _("A household with this file number already exists."), code="duplicate_file_number"
        )
    household.file_number, household.is_prospect = file_number, False
    household.save(update_fields=["file_number", "is_prospect", "updated_at"])
    _record(
        actor=actor, household=household, member=None, action="registry.household.assign_file",
        changes={"file_number": ["", file_number], "is_prospect": [True, False]}, reason=reason,
    )  # fmt: skip
    return household


def case_worker_for_new_member(*, actor, household: Household):
    """Who takes a member registered by hand: the household's own case worker when it has one, else the office's
    rule (geography.Office.case_worker_rule). None leaves the member on the supervisor's unassigned list."""
    from django.db.models import Count, Q

    from tamkeen.accounts.models import Role, User
    from tamkeen.geography.models import Office

    current = (
        household.members.filter(case_worker__is_active=True, case_worker__office_id=household.office_id)
        .values_list("case_worker", flat=True)
        .first()
    )
    if current is not None:
        return User.objects.get(pk=current)
    rule = Office.objects.values_list("case_worker_rule", flat=True).get(pk=household.office_id)
    workers = User.objects.filter(role=Role.CASE_WORKER, office_id=household.office_id, is_active=True)
    if rule == Office.CaseWorkerRule.REGISTRAR:
        return actor if workers.filter(pk=actor.pk).exists() else None
    if rule == Office.CaseWorkerRule.LEAST_LOADED:
        in_office = Q(caseload__household__office_id=household.office_id)
        return workers.annotate(load=Count("caseload", filter=in_office)).order_by("load", "pk").first()
    return None


@transaction.atomic
def member_add(*, actor, household: Household, values: dict, reason: str = "") -> Member:
    _require_office_staff(actor, household.office_id)
    if Member.objects.filter(national_id=values["national_id"]).exists():
        raise ValidationError(
            _("This national ID already belongs to a registered member."), code="duplicate_id"
        )
    if values.get("relation") == Member.Relation.HEAD and household.members.filter(relation="head").exists():
        raise ValidationError(_("This household already has a head."), code="two_heads")
    worker = case_worker_for_new_member(actor=actor, household=household)
    member = Member.objects.create(
        household=household,
        case_worker=worker,
        **{k: v for k, v in values.items() if k in MEMBER_FORM_FIELDS},
    )
    changes = {k: [None, v] for k, v in values.items() if k in MEMBER_FORM_FIELDS}
    if worker is not None:
        changes["case_worker"] = [None, worker.pk]
    _record(
        actor=actor, household=household, member=member, action="registry.member.create", reason=reason,
        changes=changes,
    )  # fmt: skip
    office_figures.bump_members(household.office_id)
    return member


@transaction.atomic
def member_update(*, actor, member: Member, values: dict, reason: str = "") -> dict:
    """Only the fields that changed are written; the change goes to history and the audit trail."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require_office_staff(actor, member.household.office_id)
    values = {k: v for k, v in values.items() if k in MEMBER_FORM_FIELDS}
    changes = changed_fields(member, values)
    if not changes:
        return {}
    if (
        "national_id" in changes
        and Member.objects.filter(national_id=values["national_id"]).exclude(pk=member.pk).exists()
    ):
        raise ValidationError(
            _("This national ID already belongs to a registered member."), code="duplicate_id"
        )
    if changes.get("relation", [None, None])[1] == Member.Relation.HEAD and (
        member.household.members.filter(relation="head").exclude(pk=member.pk).exists()
    ):
        raise ValidationError(_("This household already has a head."), code="two_heads")
    for field in changes:
        setattr(member, field, values[field])
    member.save(update_fields=[*changes, "updated_at"])
    _record(
        actor=actor, household=member.household, member=member, action="registry.member.update",
        changes=changes, reason=reason,
    )  # fmt: skip
    return changes


@transaction.atomic
def household_update(*, actor, household: Household, values: dict, reason: str = "") -> dict:
    household = Household.objects.select_for_update().get(pk=household.pk)
    _require_office_staff(actor, household.office_id)
    values = {k: v for k, v in values.items() if k in HOUSEHOLD_FORM_FIELDS}
    changes = changed_fields(household, values)
    if not changes:
        return {}
    for field in changes:
        setattr(household, field, values[field])
    household.save(update_fields=[*changes, "updated_at"])
    _record(
        actor=actor, household=household, member=None, action="registry.household.update", changes=changes,
        reason=reason,
    )  # fmt: skip
    return changes


# ---- roll imports from the web ---------------------------------------------------------------------------


@transaction.atomic
def roll_import_start(*, actor, upload: UploadedFile, complete: bool = False) -> RollImport:
    """A supervisor's upload: stored, recorded, and handed to the worker once the transaction commits.

    ``complete`` is the supervisor's declaration that the file is the office's whole roll; without it the
    roll is partial and flags nobody it does not list.
    """
    if not actor.is_supervisor or actor.office_id is None:
        raise PermissionDenied(_("Only office supervisors import rolls."))
    roll_import = RollImport(
        office_id=actor.office_id, created_by=actor, original_name=upload.name[:200], complete=complete
    )
    roll_import.file.save(upload.name, upload, save=False)
    roll_import.save()
    audit_record(
        actor=actor,
        action="registry.roll_import.start",
        obj=roll_import,
        reason=roll_import.original_name,
        changes={"complete": [None, complete]},
    )

    def enqueue() -> None:
        from .tasks import run_roll_import

        run_roll_import.enqueue(roll_import.pk)

    transaction.on_commit(enqueue)
    return roll_import


def roll_import_run(*, roll_import: RollImport) -> dict:
    """Run by the worker: the same importer as the command, limited to the supervisor's office."""
    import tempfile
    from pathlib import Path

    from django.core.files import File

    from .roll.apply import RollImporter
    from .roll.reading import UnreadableFile

    RollImport.objects.filter(pk=roll_import.pk).update(
        status=RollImport.Status.RUNNING, updated_at=timezone.now()
    )

    progress, close_progress = _progress_writer(roll_import)
    with close_progress, tempfile.TemporaryDirectory() as workdir:
        report_path = Path(workdir) / f"rejected-rows-{roll_import.pk}.xlsx"
        try:
            importer = RollImporter(
                roll_import.file.path,
                actor=roll_import.created_by,
                report_path=report_path,
                only_office_id=roll_import.office_id,
                complete=roll_import.complete,
                progress=progress,
                source_name=roll_import.original_name,
            )
            result = importer.run()
        except Exception as exc:  # every failure is shown on the page, then re-raised when unexpected
            message = (
                str(exc)
                if isinstance(exc, UnreadableFile)
                else _("The import stopped: %(error)s") % {"error": exc.__class__.__name__}
            )
            with transaction.atomic():
                RollImport.objects.filter(pk=roll_import.pk).update(
                    status=RollImport.Status.FAILED, error=message, finished_at=timezone.now()
                )
                queue_cache.touch(RollImport)  # the failed imports' queue
                audit_record(actor=roll_import.created_by, action="registry.roll_import.failed", obj=roll_import,
                             reason=message)  # fmt: skip
            if not isinstance(exc, UnreadableFile):
                raise
            return {"error": message}
        roll_import.refresh_from_db()
        with transaction.atomic():
            if result.rejected and report_path.exists():
                with report_path.open("rb") as handle:
                    roll_import.report.save(report_path.name, File(handle), save=False)
            roll_import.status = RollImport.Status.DONE
            roll_import.counts = result.summary()
            roll_import.unknown_columns = result.unknown_columns
            roll_import.rows_total = roll_import.rows_done = result.rows
            roll_import.finished_at = timezone.now()
            roll_import.save(
                update_fields=["report", "status", "counts", "unknown_columns", "rows_total", "rows_done",
                               "finished_at", "updated_at"]
            )  # fmt: skip
            audit_record(actor=roll_import.created_by, action="registry.roll_import.done", obj=roll_import,
                         changes={k: [None, v] for k, v in result.summary().items()})  # fmt: skip
    return result.summary()


def _progress_writer(roll_import: RollImport):
    """(progress callback, context manager closing it). On PostgreSQL the set-based import runs in one
    transaction, so its progress is written through a second connection that commits each line at once and the
    page polling the import sees it; elsewhere (SQLite, row-wise, a transaction per batch) the usual one."""
    import contextlib

    from django.db import connection, connections

    if connection.vendor != "postgresql":

        def progress(done: int, total: int) -> None:
            RollImport.objects.filter(pk=roll_import.pk).update(rows_done=done, rows_total=total)

        return progress, contextlib.nullcontext()
    side = connections.create_connection(connection.alias)
    table = connection.ops.quote_name(RollImport._meta.db_table)

    def progress(done: int, total: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_done = %s, rows_total = %s WHERE id = %s",
                [done, total, roll_import.pk],
            )

    return progress, contextlib.closing(side)


def can_resolve_review(actor, member: Member) -> bool:
    """The office supervisor decides what a review flag on one of the office's members means."""
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.is_supervisor
        and actor.office_id is not None
        and actor.office_id == member.household.office_id
    )


@transaction.atomic
def member_review_resolve(*, actor, member: Member, resolution: str, note: str = "") -> int:
    """Close every open review flag of a member with the supervisor's finding; clears ``needs_review``.

    Returns how many flags were closed. A member flagged before flags were recorded (``needs_review`` alone)
    gets one closed flag so the decision is kept.
    """
    if not can_resolve_review(actor, member):
        raise PermissionDenied(_("Only the office supervisor resolves review flags."))
    if resolution not in ReviewFlag.Resolution.values:
        raise ValidationError(_("Choose what was found."), code="resolution")
    member = Member.objects.select_for_update().get(pk=member.pk)
    now = timezone.now()
    open_flags = ReviewFlag.objects.filter(member=member, resolved_at__isnull=True)
    if not member.needs_review and not open_flags.exists():
        raise ValidationError(_("This member has no open review flag."), code="not_flagged")
    closed = open_flags.update(
        resolution=resolution, note=note[:300], resolved_at=now, resolved_by=actor, updated_at=now
    )
    if not closed:
        ReviewFlag.objects.create(
            member=member, reason=ReviewFlag.Reason.OTHER, resolution=resolution, note=note[:300],
            resolved_at=now, resolved_by=actor,
        )  # fmt: skip
        closed = 1
    member.needs_review = False
    member.save(update_fields=["needs_review", "updated_at"])
    changes = {"needs_review": [True, False], "review_resolution": [None, resolution]}
    _record(
        actor=actor, household=member.household, member=member, changes=changes,
        reason=note or ReviewFlag.Resolution(resolution).label, action="registry.member.review_resolve",
    )  # fmt: skip
    return closed
