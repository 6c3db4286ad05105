"""Hind's training institute sends back an outcome file: good rows apply, bad rows are reported one by one."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.models import Referral, Status
from tamkeen.referrals.outcome_file import parse_row


def sent(world, member, opportunity):
    give_consent(member, opportunity.entity)
    referral = services.referral_propose(actor=world.worker_sby, member=member, opportunity=opportunity)
    return services.referral_send(actor=world.worker_sby, referral=referral)


def write_csv(
    path, rows, header=("رقم الإحالة", "رقم الهوية", "رمز الفرصة", "الحالة", "التاريخ", "السبب", "المبلغ")
):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_outcomes", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_a_mixed_file_is_applied_row_by_row(world, tmp_path):
    course = make_opportunity(world.trainer, capacity=5)
    muhammad = sent(world, world.head_sby, course)
    fatima = sent(world, world.wife_sby, course)
    other = make_opportunity(world.employer)
    yahya = sent(world, world.head_sby, other)
    path = write_csv(
        tmp_path / "outcomes.csv",
        [
            [muhammad.public_id, "", "", "accepted", "2026-11-01", "", ""],
            ["", world.wife_sby.national_id, course.code, "مرفوض", "١٤٤٨/٠٥/٠١", "not_eligible", ""],
            [muhammad.public_id, "", "", "completed", "2026-11-20", "", ""],  # skips enrolled: invalid
            ["R-ZZZZZZZZ", "", "", "accepted", "2026-11-01", "", ""],
            [muhammad.public_id, "", "", "enrolled", "2026-13-45", "", ""],
            [yahya.public_id, "", "", "accepted", "2026-11-01", "", ""],  # another entity's referral
            [muhammad.public_id, "", "", "graduated", "2026-11-01", "", ""],
        ],
    )
    report = tmp_path / "report.csv"
    result = run(path, "--entity", "TRN-DEMO", "--report", str(report))
    assert result == {"rows": 7, "applied": 2, "unchanged": 0, "rejected": 5}
    muhammad.refresh_from_db()
    fatima.refresh_from_db()
    yahya.refresh_from_db()
    assert muhammad.status == Status.ACCEPTED
    assert fatima.status == Status.DECLINED and fatima.reason_code == "not_eligible"
    assert yahya.status == Status.SENT
    with report.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    reasons = [(r["row"], r["reason"], r["current_state"]) for r in rows]
    assert reasons == [
        ("4", "invalid_transition", "accepted"),
        ("5", "unknown_referral", ""),
        ("6", "invalid_date", ""),
        ("7", "unknown_referral", ""),
        ("8", "invalid_status", ""),
    ]
    # The same file again changes nothing.
    again = run(path, "--entity", "TRN-DEMO")
    assert again["applied"] == 0 and again["unchanged"] == 2


@pytest.mark.django_db
def test_hired_needs_an_amount_and_starts_the_job(world, tmp_path):
    job = make_opportunity(world.employer, track="employment", kind="job")
    referral = sent(world, world.head_sby, job)
    services.referral_accept(actor=world.partner_employer, referral=referral)
    path = write_csv(
        tmp_path / "o.csv",
        [
            [referral.public_id, "", "", "hired", "2026-11-02", "", ""],
            [referral.public_id, "", "", "hired", "2026-11-02", "", "٤٥٠٠"],
        ],
    )
    assert run(path) == {"rows": 2, "applied": 1, "unchanged": 0, "rejected": 1}
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == Status.STARTED and referral.started_on == date(2026, 11, 2)
    assert referral.events.order_by("id").last().details["amount"] == "4500"


@pytest.mark.django_db
def test_an_unreadable_file_exits_2(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_outcomes", str(path), stdout=io.StringIO())
    assert exit_info.value.code == 2


@pytest.mark.django_db
def test_an_unknown_entity_exits_2(tmp_path):
    path = write_csv(tmp_path / "o.csv", [])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_outcomes", str(path), "--entity", "NOPE", stdout=io.StringIO())
    assert exit_info.value.code == 2


def test_future_dates_and_missing_reasons_are_rejected():
    _row, problems = parse_row(
        2, {"referral_id": "R-1", "status": "dropped_out", "date": "2099-01-01"}, date(2026, 1, 1)
    )
    assert [p.reason for p in problems] == ["future_date", "reason_required"]


@given(
    st.dictionaries(
        st.sampled_from(["referral_id", "status", "date", "amount", "reason"]), st.text(max_size=20)
    )
)
def test_parse_row_never_crashes(raw):
    row, problems = parse_row(2, raw, date(2026, 1, 1))
    assert (row is None) == bool(problems)
