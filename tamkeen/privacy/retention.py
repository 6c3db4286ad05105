"""Applying the retention schedule (tamkeen.privacy.schedule): delete expired files, anonymise people.

A retention run never deletes a record a published figure is computed from. The year figures of
tamkeen.reports.kpi read only the outcome rows (which carry their own office, governorate, gender and
disability), and an anonymised member keeps their row, their household, their gender and disability and every
outcome: only what identifies them goes (names, national ID, mobile, exact birth day, address, free text, the
scanned consent forms, the data frozen into referrals), replaced by a stable pseudonymous key. The audit trail
is append-only and hash-chained; it is kept as the law's processing record and never rewritten here.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tamkeen.core.audit import audit_record
from tamkeen.core.events import publish
from tamkeen.core.names import name_parts_key

from . import schedule
from .models import DataExport, Pseudonym, RetentionRule, RetentionRun

ANONYMOUS = "مجهول"  # "unknown": the first name of every anonymised person
VISITOR = "زائر"  # "visitor": the badge name of an anonymised walk-in
REDACTED = "—"
REMOVED_NOTE = "[حُذف النص وفق جدول الاحتفاظ بالبيانات]"  # "text removed under the retention schedule"
PERSONAL_KEYS = {"national_id", "first_name", "father_name", "grandfather_name", "family_name", "name_key",
                 "phone", "birth_date", "address", "skills", "display_name", "visitor_phone"}  # fmt: skip
BATCH = 500


def retention_rules() -> list[schedule.Rule]:
    configured = [
        schedule.Rule(row.kind, row.effective_from, row.keep_days, row.note)
        for row in RetentionRule.objects.order_by("kind", "effective_from")
    ]
    return schedule.merged(schedule.DEFAULT_SCHEDULE, configured)


def pseudonymous_key(national_id: str) -> str:
    """A keyed hash of the national ID: the same person always gets the same key, nobody can reverse it."""
    secret = getattr(settings, "TAMKEEN_PSEUDONYM_SECRET", "") or settings.SECRET_KEY
    return hmac.new(secret.encode(), f"member:{national_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _scrub(changes: dict) -> dict:
    return {key: ([REDACTED, REDACTED] if key in PERSONAL_KEYS else pair) for key, pair in changes.items()}


def _delete_file_after_commit(field_file) -> None:
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def member_anonymise(*, member, record_kind: str, actor=None) -> Pseudonym:
    """Replace what identifies one member (and their traces in other records) by a pseudonymous key."""
    from tamkeen.cases.models import CaseNote
    from tamkeen.consent.models import Consent
    from tamkeen.forum.models import Registration
    from tamkeen.notifications.models import Message, Preference
    from tamkeen.outcomes.models import Outcome
    from tamkeen.referrals.models import Referral
    from tamkeen.registry.models import Member, RecordChange

    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    existing = Pseudonym.objects.filter(member=member).first()
    if existing is not None:
        return existing
    key = pseudonymous_key(member.national_id)
    pseudo_id = schedule.pseudonymous_national_id(member.pk)
    if Member.objects.filter(national_id=pseudo_id).exclude(pk=member.pk).exists():
        pseudo_id = schedule.pseudonymous_national_id(member.pk, first_digit="2")
    login = member.user
    member.first_name, member.father_name, member.grandfather_name = ANONYMOUS, "", ""
    member.family_name = key[:12]
    member.name_key = name_parts_key(member.first_name, "", "", member.family_name)
    member.national_id = pseudo_id
    member.phone = ""
    member.birth_date = date(member.birth_date.year, 1, 1)  # the year stays for age-band statistics
    member.skills = ""
    member.user = None
    member.save(update_fields=["first_name", "father_name", "grandfather_name", "family_name", "name_key",
                               "national_id", "phone", "birth_date", "skills", "user", "updated_at"])  # fmt: skip
    if login is not None:
        login.username = f"anonymised-{login.pk}"
        login.first_name = login.last_name = login.email = ""
        login.is_active = False
        login.set_unusable_password()
        login.save(update_fields=["username", "first_name", "last_name", "email", "is_active", "password"])
    for change in RecordChange.objects.filter(member=member):
        change.changes = _scrub(change.changes)
        change.save(update_fields=["changes"])
    CaseNote.objects.filter(member=member).update(text=REMOVED_NOTE)
    Referral.objects.filter(member=member).update(shared_fields={}, note="")
    Outcome.objects.filter(member=member).update(note="")
    Registration.objects.filter(member=member).update(display_name=ANONYMOUS, visitor_phone="")
    # The outbox's log holds the mobile and texts that may name the member; the apps above (the portal's
    # one-time codes) scrub their own traces in this transaction.
    Preference.objects.filter(member=member).update(mobile="")
    Message.objects.filter(member=member).update(to_address="", subject="", body=REMOVED_NOTE)
    publish("member.anonymised", member=member)
    for consent in Consent.objects.filter(member=member).exclude(scanned_form=""):
        _delete_file_after_commit(consent.scanned_form)
    Consent.objects.filter(member=member).update(scanned_form="")
    # Health data with no statistical use beyond the disability field, which stays: removed, not pseudonymised.
    member.accommodation_needs.all().delete()
    pseudonym = Pseudonym.objects.create(member=member, key=key, record_kind=record_kind)
    RecordChange.objects.create(
        household_id=member.household_id, member=member, actor=actor, source="retention",
        changes={"anonymised": [False, True]}, reason=f"retention schedule: {record_kind}",
    )  # fmt: skip
    audit_record(actor=actor, action="privacy.member.anonymise", obj=member, member_id=member.pk,
                 changes={"anonymised": [False, True]}, reason=record_kind)  # fmt: skip
    return pseudonym


def _household_anonymise(household_id: int, record_kind: str) -> int:
    from tamkeen.registry.models import Household, Member, RecordChange

    with transaction.atomic():
        done = 0
        for member in Member.objects.filter(household_id=household_id, pseudonym__isnull=True):
            member_anonymise(member=member, record_kind=record_kind)
            done += 1
        Household.objects.filter(pk=household_id).update(address="")
        for change in RecordChange.objects.filter(household_id=household_id, member__isnull=True):
            change.changes = _scrub(change.changes)
            change.save(update_fields=["changes"])
    return done


def closed_cases_expired(cut: date):
    """Households that left social security on or before the cutoff, never re-entered, not yet anonymised."""
    from tamkeen.cases.models import CaseExit
    from tamkeen.registry.models import Household

    latest_exit = CaseExit.objects.filter(household=OuterRef("pk")).order_by("-exited_on", "-id")
    return (
        Household.objects.filter(status__in=[Household.Status.GRADUATED, Household.Status.EXITED])
        .annotate(
            last_exit_on=Subquery(latest_exit.values("exited_on")[:1]),
            last_exit_reentered=Subquery(latest_exit.values("reentered_at")[:1]),
        )
        .filter(last_exit_on__lte=cut, last_exit_reentered__isnull=True, members__pseudonym__isnull=True)
        .distinct()
    )


def _anonymise_closed_cases(cut: date | None) -> int:
    if cut is None:
        return 0
    done = 0
    for household_id in closed_cases_expired(cut).values_list("pk", flat=True).iterator(chunk_size=BATCH):
        done += _household_anonymise(household_id, schedule.CLOSED_CASE)
    return done


def _anonymise_walk_ins(cut: date | None) -> int:
    from tamkeen.forum.models import Registration

    if cut is None:
        return 0
    expired = Registration.objects.filter(
        kind=Registration.Kind.WALK_IN, member__isnull=True, event__ends_on__lte=cut
    ).exclude(display_name=VISITOR, visitor_phone="")
    with transaction.atomic():
        count = expired.update(display_name=VISITOR, visitor_phone="")
        if count:
            audit_record(actor=None, action="privacy.walk_in.anonymise", object_type="forum.registration",
                         changes={"anonymised": [0, count]}, reason=schedule.WALK_IN_VISITOR)  # fmt: skip
    return count


def _clear_files(queryset, field: str, kind: str, action: str) -> int:
    count = 0
    for obj in queryset.exclude(**{field: ""}).iterator(chunk_size=BATCH):
        with transaction.atomic():
            _delete_file_after_commit(getattr(obj, field))
            type(obj).objects.filter(pk=obj.pk).update(**{field: ""})
            audit_record(actor=None, action=action, obj=obj, changes={field: ["file", None]}, reason=kind)
        count += 1
    return count


def _delete_uploaded_files(cut: date | None) -> int:
    from tamkeen.outcomes.models import EmploymentImport
    from tamkeen.referrals.models import OutcomeImport
    from tamkeen.registry.models import RollImport

    if cut is None:
        return 0
    count = _clear_files(RollImport.objects.filter(created_at__date__lte=cut, status__in=[RollImport.Status.DONE, RollImport.Status.FAILED]),
                         "file", schedule.UPLOADED_FILE, "privacy.retention.delete_file")  # fmt: skip
    count += _clear_files(OutcomeImport.objects.filter(created_at__date__lte=cut, state__in=[OutcomeImport.State.DONE, OutcomeImport.State.FAILED]),
                          "file", schedule.UPLOADED_FILE, "privacy.retention.delete_file")  # fmt: skip
    for item in (
        EmploymentImport.objects.filter(
            created_at__date__lte=cut, state__in=[EmploymentImport.State.DONE, EmploymentImport.State.FAILED]
        )
        .exclude(content=b"")
        .only("pk")
    ):
        with transaction.atomic():
            EmploymentImport.objects.filter(pk=item.pk).update(content=b"")
            audit_record(actor=None, action="privacy.retention.delete_file", obj=item,
                         changes={"content": ["file", None]}, reason=schedule.UPLOADED_FILE)  # fmt: skip
        count += 1
    return count


def _delete_import_reports(cut: date | None) -> int:
    from tamkeen.outcomes.models import EmploymentImport
    from tamkeen.referrals.models import OutcomeImport
    from tamkeen.registry.models import RollImport

    if cut is None:
        return 0
    count = _clear_files(RollImport.objects.filter(created_at__date__lte=cut), "report",
                         schedule.IMPORT_REPORT, "privacy.retention.delete_report")  # fmt: skip
    with transaction.atomic():
        outcome_reports = OutcomeImport.objects.filter(created_at__date__lte=cut).exclude(rejected=[])
        employment_reports = EmploymentImport.objects.filter(created_at__date__lte=cut).exclude(problems=[])
        cleared = outcome_reports.update(rejected=[]) + employment_reports.update(problems=[])
        if cleared:
            audit_record(actor=None, action="privacy.retention.delete_report", object_type="imports",
                         changes={"reports": [cleared, 0]}, reason=schedule.IMPORT_REPORT)  # fmt: skip
    return count + cleared


def _delete_exports(cut: date | None) -> int:
    if cut is None:
        return 0
    count = 0
    expired = DataExport.objects.filter(status=DataExport.Status.DONE, finished_at__date__lte=cut)
    for export in expired.iterator(chunk_size=BATCH):
        with transaction.atomic():
            _delete_file_after_commit(export.file)
            DataExport.objects.filter(pk=export.pk).update(
                file="", status=DataExport.Status.EXPIRED, updated_at=timezone.now()
            )
            audit_record(actor=None, action="privacy.data_export.expire", obj=export, member_id=export.member_id,
                         reason=schedule.DATA_EXPORT)  # fmt: skip
        count += 1
    return count


def retention_run(*, today: date | None = None) -> RetentionRun:
    """Apply the schedule in force on ``today``; returns the run with what it did."""
    from tamkeen.core.models import AuditEvent

    today = today or timezone.localdate()
    rules = retention_rules()
    run = RetentionRun.objects.create(run_on=today)

    def cut(kind: str) -> date | None:
        return schedule.cutoff(rules, kind, today)

    counts = {
        "members_anonymised": _anonymise_closed_cases(cut(schedule.CLOSED_CASE)),
        "walk_ins_anonymised": _anonymise_walk_ins(cut(schedule.WALK_IN_VISITOR)),
        "uploaded_files_deleted": _delete_uploaded_files(cut(schedule.UPLOADED_FILE)),
        "import_reports_deleted": _delete_import_reports(cut(schedule.IMPORT_REPORT)),
        "exports_deleted": _delete_exports(cut(schedule.DATA_EXPORT)),
    }
    audit_cut = cut(schedule.AUDIT_EVENT)
    # Kept, never edited: counted so the archive of processing records past their period can be planned.
    counts["audit_events_past_retention"] = (
        AuditEvent.objects.filter(at__date__lte=audit_cut).count() if audit_cut else 0
    )
    with transaction.atomic():
        run.counts = counts
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at"])
        audit_record(actor=None, action="privacy.retention.run", obj=run,
                     changes={key: [None, value] for key, value in counts.items()}, reason=today.isoformat())  # fmt: skip
    return run
