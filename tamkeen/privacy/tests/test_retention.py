"""A retention run deletes expired files and anonymises the people of long-closed cases, and every published
year figure stays exactly the same."""

import io
import json
import random
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from tamkeen.cases.models import CaseExit, CaseNote
from tamkeen.core.models import AuditEvent
from tamkeen.forum.models import Event, Registration
from tamkeen.outcomes.models import Outcome
from tamkeen.privacy import schedule
from tamkeen.privacy.models import DataExport, Pseudonym, RetentionRule, RetentionRun
from tamkeen.privacy.retention import ANONYMOUS, VISITOR, pseudonymous_key, retention_run
from tamkeen.registry.models import AccommodationNeed, Household, Member, RecordChange, RollImport
from tamkeen.reports.kpi import kpi
from tamkeen.reports.models import KpiSnapshot
from tamkeen.reports.tests.test_kpi_db import random_history

pytestmark = pytest.mark.django_db

YEARS = {"gregorian": range(2017, 2022), "hijri": range(1438, 1443)}
BREAKDOWN_CHOICES = (None, "office", "track", "entity", "governorate", "gender", "disability")


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def close_case(household, exited_on, world):
    CaseExit.objects.create(household=household, kind="sanction", ground="refused_offers",
                            legal_reference="art. 12", exited_on=exited_on, decided_by=world.supervisor_sby)  # fmt: skip
    Household.objects.filter(pk=household.pk).update(status=Household.Status.EXITED)


def every_figure() -> dict:
    return {
        (calendar, year, by): kpi(year=year, calendar=calendar, by=by)
        for calendar, years in YEARS.items()
        for year in years
        for by in BREAKDOWN_CHOICES
    }


def kpi_command(year: int, calendar: str, by: str | None = None) -> dict:
    KpiSnapshot.objects.all().delete()  # recompute from the outcomes, not from a stored snapshot
    out = io.StringIO()
    options = {"year": year, "calendar": calendar, **({"by": by} if by else {})}
    call_command("kpi", stdout=out, **options)
    return json.loads(out.getvalue())


def test_year_figures_are_identical_before_and_after_a_retention_run(world, files):
    random_history(world, random.Random(12), households=10, outcomes=90)
    today = timezone.localdate()
    # Half of the households with outcomes left social security six years ago: their people are anonymised.
    households = list(Household.objects.filter(outcomes__isnull=False).distinct().order_by("pk"))
    for household in households[::2]:
        close_case(household, today - timedelta(days=6 * 365), world)
    assert Outcome.objects.filter(verification_status="verified").count() > 20

    figures_before = every_figure()
    commands_before = [
        kpi_command(year, "gregorian", by) for year in YEARS["gregorian"] for by in (None, "office")
    ]
    assert any(f["empowered_families"] for f in figures_before.values())

    run = retention_run(today=today)
    assert run.counts["members_anonymised"] > 0
    anonymised = Member.objects.filter(pseudonym__isnull=False)
    assert set(anonymised.values_list("household_id", flat=True)) == {h.pk for h in households[::2]}

    assert every_figure() == figures_before
    assert [kpi_command(year, "gregorian", by) for year in YEARS["gregorian"] for by in (None, "office")] == (
        commands_before
    )


def test_anonymising_replaces_what_identifies_and_keeps_a_stable_key(world, files):
    head = world.head_sby
    original_id, original_phone = head.national_id, head.phone
    CaseNote.objects.create(
        member=head, author=world.worker_sby, author_office=world.sby, text="يسكن قرب السوق"
    )
    RecordChange.objects.create(household=world.household_sby, member=head, source="form",
                                changes={"phone": ["+966500000000", original_phone]})  # fmt: skip
    from tamkeen.notifications.models import Message, Preference

    Preference.objects.create(member=head, mobile=original_phone)
    Message.objects.create(member=head, channel="sms", to_address=original_phone, event="x", body="محمد، موعدك",
                           idempotency_key="k-1")  # fmt: skip
    AccommodationNeed.objects.create(member=head, kind="vision", what_helps="قارئ شاشة")
    from django.utils import timezone

    from tamkeen.portal.models import OneTimeCode

    # The portal scrubs its own codes when told the member was anonymised (tamkeen.core.events).
    OneTimeCode.objects.create(member=head, purpose=OneTimeCode.Purpose.values[0], id_digest="d", mobile=original_phone,
                               code_hash="h", salt="s", expires_at=timezone.now())  # fmt: skip
    close_case(world.household_sby, date(2019, 1, 1), world)

    run = retention_run(today=date(2026, 6, 1))
    assert run.counts["members_anonymised"] == 3  # the whole household; Farasan's is untouched
    head.refresh_from_db()
    assert (head.first_name, head.father_name, head.grandfather_name) == (ANONYMOUS, "", "")
    assert head.national_id != original_id and head.phone == "" and head.birth_date == date(1988, 1, 1)
    assert head.user is None
    world.beneficiary_sby.refresh_from_db()
    assert not world.beneficiary_sby.is_active and world.beneficiary_sby.username.startswith("anonymised-")
    pseudonym = Pseudonym.objects.get(member=head)
    assert pseudonym.key == pseudonymous_key(original_id) and head.family_name == pseudonym.key[:12]
    assert CaseNote.objects.get(member=head).text != "يسكن قرب السوق"
    assert Preference.objects.get(member=head).mobile == ""
    assert OneTimeCode.objects.get(member=head).mobile == ""
    assert not AccommodationNeed.objects.filter(member=head).exists()  # health data removed, not kept
    message = Message.objects.get(member=head)
    assert message.to_address == "" and "محمد" not in message.body
    assert original_phone not in json.dumps(list(RecordChange.objects.filter(member=head).values("changes")))
    assert (head.gender, head.disability, head.household_id) == ("M", "none", world.household_sby.pk)
    assert Member.objects.get(pk=world.head_frs.pk).first_name == "يحيى"
    assert AuditEvent.objects.filter(action="privacy.member.anonymise", member_id=head.pk).exists()
    assert AuditEvent.objects.filter(action="privacy.retention.run").exists()

    again = retention_run(today=date(2026, 6, 1))
    assert again.counts["members_anonymised"] == 0


def test_a_recent_or_reentered_closed_case_is_kept(world, files):
    close_case(world.household_sby, date(2024, 1, 1), world)
    CaseExit.objects.filter(household=world.household_frs).delete()
    close_case(world.household_frs, date(2015, 1, 1), world)
    CaseExit.objects.filter(household=world.household_frs).update(
        reentered_at=timezone.now(), reentry_reason="new application"
    )
    assert retention_run(today=date(2026, 6, 1)).counts["members_anonymised"] == 0


def test_a_dated_rule_changes_the_period_from_its_day(world, files):
    close_case(world.household_sby, date(2023, 1, 1), world)
    RetentionRule.objects.create(kind=schedule.CLOSED_CASE, effective_from=date(2026, 1, 1), keep_days=365)
    assert retention_run(today=date(2025, 12, 31)).counts["members_anonymised"] == 0  # five years then
    assert retention_run(today=date(2026, 1, 1)).counts["members_anonymised"] == 3  # one year from 2026


def test_expired_files_are_deleted_and_recent_ones_kept(world, files, settings):
    def roll_import(days_ago):
        item = RollImport(
            office=world.sby, created_by=world.supervisor_sby, original_name="r.csv", status="done"
        )
        item.file.save("r.csv", ContentFile(b"file_number\n"), save=False)
        item.report.save("rejected.xlsx", ContentFile(b"PK"), save=False)
        item.save()
        RollImport.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        return item

    old, middle, recent = roll_import(200), roll_import(100), roll_import(10)
    old_path, old_report = old.file.path, old.report.path
    export = DataExport(member=world.head_sby, requested_by=world.worker_sby, status="done",
                        finished_at=timezone.now() - timedelta(days=40))  # fmt: skip
    export.file.save("x.zip", ContentFile(b"PK"), save=False)
    export.save()
    export_path = export.file.path

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        run = retention_run()
    assert run.counts["uploaded_files_deleted"] == 2  # 200 and 100 days old (kept 90 days)
    assert run.counts["import_reports_deleted"] == 1  # 200 days old (kept 180 days)
    assert run.counts["exports_deleted"] == 1
    old.refresh_from_db(), middle.refresh_from_db(), recent.refresh_from_db(), export.refresh_from_db()
    assert not old.file and not old.report and not middle.file and middle.report and recent.file
    import os

    assert not os.path.exists(old_path) and not os.path.exists(old_report) and not os.path.exists(export_path)
    assert export.status == "expired"
    assert AuditEvent.objects.filter(action="privacy.retention.delete_file").count() == 2


def test_walk_in_visitors_are_anonymised_a_year_after_the_forum(world, files):
    def forum(ends_on):
        return Event.objects.create(title="ملتقى", region=world.region, venue="جازان", starts_on=ends_on,
                                    ends_on=ends_on, created_by=world.organiser)  # fmt: skip

    old = Registration.objects.create(event=forum(date(2024, 1, 10)), kind="walk_in", display_name="سالم",
                                      visitor_phone="+966501111111")  # fmt: skip
    new = Registration.objects.create(event=forum(date(2026, 5, 1)), kind="walk_in", display_name="هند",
                                      visitor_phone="+966502222222")  # fmt: skip
    assert retention_run(today=date(2026, 6, 1)).counts["walk_ins_anonymised"] == 1
    old.refresh_from_db(), new.refresh_from_db()
    assert (old.display_name, old.visitor_phone) == (VISITOR, "")
    assert new.display_name == "هند"


def test_the_audit_trail_is_kept_and_the_job_runs_daily(world, files):
    events = AuditEvent.objects.count()
    run = retention_run(today=date(2040, 1, 1))
    assert run.counts["audit_events_past_retention"] == events
    assert AuditEvent.objects.count() == events + 1  # only the run's own line was added
    assert "tamkeen.privacy.tasks.apply_retention_schedule" in settings.TAMKEEN_DAILY_TASKS
    assert RetentionRun.objects.count() == 1


def test_the_command_prints_what_the_run_did(world, files):
    close_case(world.household_sby, date(2019, 1, 1), world)
    out = io.StringIO()
    call_command("retention", "--date", "2026-06-01", stdout=out)
    result = json.loads(out.getvalue())
    assert result["run_on"] == "2026-06-01" and result["members_anonymised"] == 3
