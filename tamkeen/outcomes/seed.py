"""Demo history of outcomes, from 1439 AH to the current Hijri year, so the dashboards show real trends.

How the history is generated (deterministic for a given --random-seed):

* the candidates are members aged 18–60 who are able to work or rehabilitable;
* for each Hijri year from 1439 to the current one, a share of the households (rising from about 3 % to 7 %
  a year, so the trend is visible) has one member hired, about half as many an economic outcome (project
  financed or started, productive-family certificate, freelance document), and about 8 % of the candidates
  complete a training course; a member is hired at most once in the whole history;
* each outcome is dated on a random day of its year (never after today), under the office that holds the
  household's file; hires carry an employer, an establishment number and a wage of SAR 3,000–9,000;
* past years are mostly verified (85 %: hires by social insurance or the employer's confirmation, economic
  outcomes by their document), some refuted (8 %) and a few left reported; in the current year about half is
  still reported, waiting for the next verification file;
* verified hires and financed projects get their follow-ups at 3, 6 and 12 months; those already due are
  recorded (about 80 % still employed or active, otherwise with a reason), the rest are pending for the
  member's case worker;
* when the referrals step left completed referrals, about 80 % of them get the outcome they led to (a
  training completion, a hire or a project start), dated on the referral's start (or closing) day, with the
  referral attached and the partner's confirmation as evidence.

Rows are written with bulk_create in a few statements (3,000 households take about a second); the run leaves
one audit line, as seeding is not a user action on each record.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from tamkeen.core import queue_cache
from tamkeen.core.audit import audit_record
from tamkeen.core.hijri import hijri_year_of, hijri_year_range
from tamkeen.core.periods import add_months, age_on
from tamkeen.outcomes.models import TRACK_OF_KIND, FollowUp, Outcome, Verification
from tamkeen.outcomes.models import VerificationStatus as V
from tamkeen.outcomes.services import figures_changed, follow_up_months
from tamkeen.partners.models import Entity
from tamkeen.registry.models import Member

FIRST_YEAR = 1439
ECONOMIC_KINDS = [
    "project_financed",
    "project_started",
    "productive_family_certificate",
    "freelance_document",
]
EMPLOYERS = [
    "مجموعة الساحل للتجزئة",
    "شركة جازان للتنمية",
    "مصنع صبيا للأغذية",
    "مستشفى أبو عريش الأهلي",
    "مؤسسة فرسان البحرية",
    "شركة الدرب للمقاولات",
    "أسواق العيدابي",
    "مركز صامطة التجاري",
]


def _day_in(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _status(rng, is_current_year: bool) -> str:
    draw = rng.random()
    if is_current_year:
        return V.VERIFIED if draw < 0.5 else V.REFUTED if draw < 0.55 else V.REPORTED
    return V.VERIFIED if draw < 0.85 else V.REFUTED if draw < 0.93 else V.REPORTED


def _completed_referrals() -> list[tuple]:
    """(referral id, member id, track, entity id, date) of every completed referral the referrals step left."""
    Referral = apps.get_model("referrals", "Referral")
    rows = []
    for rid, member_id, track, entity_id, closed_at, started_on, created_at in Referral.objects.filter(
        status=Referral.Status.COMPLETED
    ).values_list(
        "id",
        "member_id",
        "opportunity__track",
        "opportunity__entity_id",
        "closed_at",
        "started_on",
        "created_at",
    ):
        moment = closed_at or created_at
        rows.append((rid, member_id, track, entity_id, started_on or moment.date()))
    return rows


def seed(ctx) -> None:
    rng = ctx.rng_for("outcomes")
    today = timezone.localdate()
    current = hijri_year_of(today)
    entities = list(Entity.objects.order_by("code"))
    by_kind = {
        k: [e for e in entities if e.kind == k]
        for k in ("private_employer", "training_provider", "financing_body", "non_profit", "government")
    }
    employers = by_kind["private_employer"] or entities
    trainers = by_kind["training_provider"] or entities
    financiers = by_kind["financing_body"] or entities
    members = list(
        Member.objects.filter(work_capacity__in=["able", "rehabilitable"], **ctx.history_filter())
        .select_related("household")
        .only(
            "id",
            "birth_date",
            "gender",
            "disability",
            "case_worker_id",
            "household__id",
            "household__office_id",
            "household__governorate_id",
        )
        .order_by("id")
    )
    if not members or not entities:
        return
    households = len({m.household.id for m in members})
    hired_members: set[int] = set()
    outcomes: list[Outcome] = []
    years = list(range(FIRST_YEAR, current + 1))
    for index, year in enumerate(years):
        start, end = hijri_year_range(year)
        end = min(end, today)
        is_current = year == current
        rate = 0.03 + 0.04 * index / max(1, len(years) - 1)
        if is_current:
            rate *= max(0.15, (end - start).days / 354)
        eligible = [m for m in members if 18 <= age_on(m.birth_date, start) <= 60]
        plan = [
            ("hired", int(households * rate)),
            ("economic", int(households * rate / 2)),
            ("training_completed", int(len(eligible) * 0.08 * (rate / 0.07))),
        ]
        for what, n in plan:
            for member in rng.sample(eligible, min(n, len(eligible))):
                if what == "hired" and member.pk in hired_members:
                    continue
                kind = rng.choice(ECONOMIC_KINDS) if what == "economic" else what
                day = _day_in(rng, start, end)
                status = _status(rng, is_current)
                outcome = Outcome(
                    member_id=member.pk,
                    household_id=member.household.id,
                    office_id=member.household.office_id,
                    governorate_id=member.household.governorate_id,
                    gender=member.gender,
                    disability=member.disability or "none",
                    kind=kind,
                    track=TRACK_OF_KIND[kind],
                    date=day,
                    verification_status=status,
                )
                if kind == "hired":
                    hired_members.add(member.pk)
                    employer = rng.choice(employers)
                    outcome.entity = employer
                    outcome.employer_name = employer.name_ar if rng.random() < 0.6 else rng.choice(EMPLOYERS)
                    outcome.establishment_number = f"70{rng.randrange(10**6):06d}"
                    outcome.wage = Decimal(rng.randrange(3000, 9001, 250))
                    outcome.evidence_kind = rng.choice(
                        ["social_insurance", "social_insurance", "partner_confirmation"]
                    )
                elif kind == "training_completed":
                    outcome.entity = rng.choice(trainers)
                    outcome.certificate_number = f"TC-{year}-{rng.randrange(10**5):05d}"
                    outcome.evidence_kind = "partner_confirmation"
                else:
                    outcome.entity = rng.choice(financiers) if kind == "project_financed" else None
                    outcome.financing_body = outcome.entity
                    outcome.evidence_kind = "document"
                    if kind == "project_financed":
                        outcome.amount = Decimal(rng.randrange(5000, 50001, 1000))
                    if kind == "productive_family_certificate":
                        outcome.certificate_number = f"PF-{year}-{rng.randrange(10**5):05d}"
                        outcome.valid_until = (
                            day.replace(year=day.year + 3)
                            if (day.month, day.day) != (2, 29)
                            else date(day.year + 3, 2, 28)
                        )
                if status != V.VERIFIED:
                    outcome.evidence_kind = outcome.evidence_kind if status == V.REFUTED else ""
                else:
                    outcome.verified_on = min(today, day + timedelta(days=rng.randrange(10, 90)))
                if kind == "hired" and status == V.VERIFIED and outcome.evidence_kind == "social_insurance":
                    outcome.covered_until = today
                    outcome.registered_until = (
                        None
                        if rng.random() < 0.8
                        else min(today, day + timedelta(days=rng.randrange(60, 500)))
                    )
                outcomes.append(outcome)
    # Most completed referrals produced their outcome: a certificate, a hire or a project start.
    first_day = hijri_year_range(FIRST_YEAR)[0]
    member_by_id = {m.pk: m for m in members}
    kind_of_track = {
        "training": "training_completed",
        "employment": "hired",
        "entrepreneurship": "project_started",
    }
    for referral_id, member_id, track, entity_id, day in _completed_referrals():
        member = member_by_id.get(member_id)
        kind = kind_of_track.get(track)
        if member is None or kind is None or not first_day <= day <= today or rng.random() > 0.8:
            continue
        if kind == "hired" and member_id in hired_members:
            continue
        if kind == "hired":
            hired_members.add(member_id)
        status = _status(rng, hijri_year_of(day) == current)
        outcomes.append(
            Outcome(
                member_id=member_id,
                household_id=member.household.id,
                office_id=member.household.office_id,
                governorate_id=member.household.governorate_id,
                gender=member.gender,
                disability=member.disability or "none",
                kind=kind,
                track=TRACK_OF_KIND[kind],
                date=day,
                entity_id=entity_id,
                referral_id=referral_id,
                verification_status=status,
                evidence_kind="partner_confirmation" if status != V.REPORTED else "",
                verified_on=min(today, day + timedelta(days=rng.randrange(5, 60)))
                if status == V.VERIFIED
                else None,
                wage=Decimal(rng.randrange(3000, 9001, 250)) if kind == "hired" else None,
            )
        )
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    created = outcomes  # primary keys come back from bulk_create on SQLite and PostgreSQL
    verifications, follow_ups = [], []
    worker_of = {m.pk: m.case_worker_id for m in members}
    reasons = [c for c, _ in FollowUp.Reason.choices]
    for outcome in created:
        if outcome.verification_status in (V.VERIFIED, V.REFUTED):
            verifications.append(
                Verification(
                    outcome_id=outcome.pk,
                    result=outcome.verification_status,
                    evidence_kind=outcome.evidence_kind or "document",
                    source="seed",
                    note="" if outcome.verification_status == V.VERIFIED else "no_registration_in_file",
                )
            )
        if outcome.verification_status != V.VERIFIED or outcome.kind not in ("hired", "project_financed"):
            continue
        still = True
        for months in follow_up_months():
            due = add_months(outcome.date, months)
            follow_up = FollowUp(
                outcome_id=outcome.pk,
                months=months,
                due_on=due,
                assigned_to_id=worker_of.get(outcome.member_id),
            )
            if due <= today - timedelta(days=14):
                still = still and rng.random() < 0.85
                follow_up.result = (
                    "active" if still else rng.choice(["not_active", "not_active", "unreachable"])
                )
                follow_up.recorded_on = due + timedelta(days=rng.randrange(0, 14))
                if follow_up.result == "not_active":
                    follow_up.reason = rng.choice(reasons)
                if follow_up.result == "active":
                    base = outcome.wage or Decimal(3000)
                    follow_up.current_income = base + Decimal(rng.randrange(0, 1001, 250))
            follow_ups.append(follow_up)
    figures_changed(days={o.date for o in created if o.verification_status == V.VERIFIED})
    Verification.objects.bulk_create(verifications, batch_size=2000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    # Bulk writes send no save signal: figures kept under these models' generations (the dashboard's retention)
    # are out of date.
    queue_cache.touch(Outcome, FollowUp)
    audit_record(
        actor=None,
        action="outcomes.seeded",
        object_type="outcomes.outcome",
        changes={"outcomes": [0, len(created)]},
        reason="tamkeen seed",
    )
    ctx.count("outcomes", len(created))
    ctx.count("follow_ups", len(follow_ups))
