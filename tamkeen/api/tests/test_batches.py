"""Hind's institute reports outcomes from its system; the social-insurance body sends registrations.
Both give what the matching commands give for the same rows."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tamkeen.api.tests.stories import referral_stories
from tamkeen.outcomes.models import Outcome
from tamkeen.outcomes.services import outcome_report
from tamkeen.referrals.models import Referral
from tests.personas import next_national_id


@pytest.fixture
def stories(world):
    return referral_stories(world)


def test_outcome_rows_apply_like_the_command(world, stories, api_for, tmp_path):
    hind = api_for(world.trainer)
    today = timezone.localdate().isoformat()
    rows = [
        {"referral_id": stories["to_trainer"].public_id, "status": "accepted", "date": today},
        {"referral_id": stories["to_employer"].public_id, "status": "accepted", "date": today},
        {"referral_id": stories["second"].public_id, "status": "completed", "date": today},
        {"referral_id": stories["second"].public_id, "status": "declined", "date": today, "colour": "red"},
    ]
    response = hind.post("/api/v1/outcomes", {"rows": rows})
    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in ("rows", "applied", "unchanged", "rejected")} == {
        "rows": 4,
        "applied": 1,
        "unchanged": 0,
        "rejected": 3,
    }
    reasons = {(r["row"], r["reason"]) for r in body["rejections"]}
    assert reasons == {(2, "unknown_referral"), (3, "invalid_transition"), (4, "reason_required")}
    assert body["unknown_columns"] == ["colour"]
    assert Referral.objects.get(pk=stories["to_trainer"].pk).status == "accepted"
    assert Referral.objects.get(pk=stories["to_employer"].pk).status == "sent"  # another entity's

    again = hind.post("/api/v1/outcomes", {"rows": rows[:3]}).json()
    path = tmp_path / "outcomes.csv"
    path.write_text(
        "referral_id,status,date\n"
        + "".join(f"{r['referral_id']},{r['status']},{r['date']}\n" for r in rows[:3]),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_outcomes", str(path), "--entity", world.trainer.code, stdout=out)
    command = json.loads(out.getvalue())
    assert (
        {k: again[k] for k in command} == command == {"rows": 3, "applied": 0, "unchanged": 1, "rejected": 2}
    )


def test_outcomes_need_their_scope_and_rows(world, api_for):
    assert (
        api_for(world.trainer, scopes=["referrals:read"]).post("/api/v1/outcomes", {"rows": []}).status_code
        == 403
    )
    response = api_for(world.trainer).post("/api/v1/outcomes", {"rows": []})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "rows"


@pytest.fixture
def hired(world):
    return outcome_report(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        employer_name="الساحل",
        wage=4500,
    )


def test_the_verifier_sends_registrations_like_the_command(world, hired, api_for, tmp_path):
    gosi = api_for(verifier_name="GOSI")
    rows = [
        {
            "national_id": world.head_sby.national_id,
            "establishment_number": "700100",
            "establishment_name": "الساحل",
            "wage": 4500,
            "start_date": "2025-03-10",
        },
        {
            "national_id": next_national_id(),
            "establishment_number": "700300",
            "wage": "3000",
            "start_date": "2025-01-01",
        },
        {
            "national_id": "1000000000",
            "establishment_number": "700400",
            "wage": 3000,
            "start_date": "2025-01-01",
        },
    ]
    response = gosi.post("/api/v1/employment", {"rows": rows})
    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in ("rows", "verified", "refuted", "unmatched", "rejected")} == {
        "rows": 3,
        "verified": 1,
        "refuted": 0,
        "unmatched": 1,
        "rejected": 1,
    }
    assert body["rejections"] == [
        {
            "row": 3,
            "column": "national_id",
            "value": "1000000000",
            "reason": "invalid_national_id",
            "current_state": "",
        }
    ]
    hired.refresh_from_db()
    assert hired.verification_status == "verified"
    # The same rows as a file give the same summary (now nothing is left to verify).
    path = tmp_path / "gosi.csv"
    path.write_text(
        "national_id,establishment_number,establishment_name,wage,start_date,end_date\n"
        + "".join(
            f"{r['national_id']},{r['establishment_number']},{r.get('establishment_name', '')},{r['wage']},{r['start_date']},\n"
            for r in rows
        ),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_employment", str(path), stdout=out)
    command = json.loads(out.getvalue())
    again = gosi.post("/api/v1/employment", {"rows": rows}).json()
    assert {k: again[k] for k in command} == command
    assert Outcome.objects.filter(member=world.head_sby).count() == 1


def test_only_the_verifier_may_send_employment(world, api_for):
    hind = api_for(world.trainer)
    row = {"national_id": "1000000008", "establishment_number": "1", "wage": 1, "start_date": "2025-01-01"}
    assert hind.post("/api/v1/employment", {"rows": [row]}).status_code == 403
    gosi = api_for(verifier_name="GOSI")
    assert gosi.get("/api/v1/referrals").status_code == 403
