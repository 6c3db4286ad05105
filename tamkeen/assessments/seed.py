"""Demo assessments: a share of the working-age members with a case worker, scored like real people.

Each assessed member has a latent level of empowerment (most people in the middle, a few high or low);
answers scatter around it, reverse-scored statements the other way, and about one answer in forty is left
blank. A third of them were assessed twice, the second time after months of case work, mostly better.
Scores and recommendations are computed by the same pure functions the service uses. All writes are bulk.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from tamkeen.core.audit import audit_record
from tamkeen.registry.models import Member
from tamkeen.registry.rules import age_on

from . import scoring
from .models import Answer, Assessment, Instrument, Item, Section

SHARE_ASSESSED = 0.45
SHARE_REASSESSED = 0.35
SHARE_OVERRIDDEN = 0.08
BLANK_RATE = 0.025


def _answers(rng, items, level: float) -> dict[int, int]:
    answers = {}
    for item in items:
        if rng.random() < BLANK_RATE:
            continue
        value = round(rng.gauss(level, 0.8))
        value = min(5, max(1, value))
        answers[item.pk] = 6 - value if item.is_reverse_scored else value
    return answers


def _default_instrument() -> Instrument:
    """The shipped instrument, for a database whose data-migration rows were flushed (as tests do)."""
    from tamkeen.assessments.instruments import create_instrument_from_data, read_default_instrument

    return create_instrument_from_data(
        read_default_instrument(), Instrument=Instrument, Section=Section, Item=Item
    )


def seed(ctx) -> None:
    rng = ctx.rng_for("assessments")
    instrument = Instrument.objects.filter(is_active=True).first() or _default_instrument()
    if Assessment.objects.exists():
        return
    items = list(Item.objects.filter(section__instrument=instrument).select_related("section"))
    specs = {
        item.pk: scoring.ItemSpec(
            code=item.code,
            kind=item.section.kind,
            dimension=item.section.dimension,
            track=item.section.track,
            core_skill=item.core_skill,
            is_reverse_scored=item.is_reverse_scored,
        )
        for item in items
    }
    spec_list = list(specs.values())
    now = timezone.now()
    today = timezone.localdate()
    members = list(
        Member.objects.filter(case_worker__isnull=False, **ctx.history_filter())
        .exclude(work_capacity="")
        .order_by("pk")
        .values_list(
            "pk",
            "case_worker_id",
            "birth_date",
            "education",
            "work_capacity",
            "is_caregiver",
            "is_full_time_student",
            "disability",
        )
    )
    rows: list[Assessment] = []
    answer_sets: list[dict[int, int]] = []
    for pk, worker, birth, education, capacity, caregiver, student, disability in members:
        if rng.random() >= SHARE_ASSESSED:
            continue
        level = min(4.6, max(1.4, rng.gauss(3.0, 0.7)))
        visits = [(level, rng.randint(200, 700))]
        if rng.random() < SHARE_REASSESSED:
            visits.append((min(4.8, level + rng.uniform(-0.2, 0.9)), rng.randint(10, 150)))
        for visit_level, days_ago in visits:
            answers = _answers(rng, items, visit_level)
            by_code = {specs[item_pk].code: value for item_pk, value in answers.items()}
            tracks = scoring.track_scores(spec_list, by_code)
            facts = scoring.MemberFacts(
                age=age_on(birth, today),
                education=education,
                work_capacity=capacity,
                is_caregiver=caregiver,
                is_full_time_student=student,
                has_disability=disability not in ("", "none"),
            )
            rec = scoring.recommend_track(facts, tracks)
            chosen, override = rec.track, ""
            if rec.track and rng.random() < SHARE_OVERRIDDEN:
                chosen = rng.choice([t for t in scoring.TRACKS if t != rec.track])
                override = rng.choice(
                    ["رغبة الفرد بعد النقاش", "فرصة متاحة قريبة من السكن", "خبرة سابقة في المجال"]
                )
            started = now - timedelta(days=days_ago, hours=rng.randint(1, 6))
            rows.append(
                Assessment(
                    member_id=pk,
                    instrument=instrument,
                    assessor_id=worker,
                    started_at=started,
                    completed_at=started + timedelta(minutes=rng.randint(20, 50)),
                    work_capacity=capacity,
                    is_exempt_student=student,
                    is_exempt_caregiver=caregiver,
                    dimension_scores=scoring.dimension_scores(spec_list, by_code),
                    track_scores=tracks,
                    skill_scores=scoring.skill_scores(spec_list, by_code),
                    recommended_track=rec.track,
                    recommendation_reasons=[r.as_dict() for r in rec.reasons],
                    chosen_track=chosen,
                    override_reason=override,
                    track_decided_by_id=worker if chosen else None,
                    track_decided_at=started + timedelta(hours=1) if chosen else None,
                )
            )
            answer_sets.append(answers)
    created = Assessment.objects.bulk_create(rows, batch_size=2000)
    # 30+ answers per assessment: COPY on PostgreSQL, plain parameterised inserts elsewhere — both several times
    # faster than building model objects.
    table = connection.ops.quote_name(Answer._meta.db_table)
    answer_rows = [
        (assessment.pk, item_pk, value)
        for assessment, answers in zip(created, answer_sets, strict=True)
        for item_pk, value in answers.items()
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} (assessment_id, item_id, value) FROM STDIN") as copy:
                for row in answer_rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} (assessment_id, item_id, value) VALUES (%s, %s, %s)", answer_rows
            )
    audit_record(
        actor=None,
        action="assessment.seed",
        object_type="assessments.assessment",
        changes={"assessments": [0, len(created)]},
        reason="demo seed",
    )
    ctx.count("assessments", len(created))
    ctx.say(f"  {len(created)} assessments")
