from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.audit import audit_record
from tamkeen.registry.rules import age_on

from . import scoring
from .access import members_assessable_by
from .instruments import create_instrument_from_data, instrument_as_data
from .models import Answer, Assessment, Instrument, Item, Section


class AssessmentError(ValidationError):
    pass


def _check_assessor(actor, member) -> None:
    if not members_assessable_by(actor).filter(pk=member.pk).exists():
        raise PermissionDenied(
            _("Only a case worker or supervisor of the member's office may assess the member.")
        )


# ---------------------------------------------------------------- instruments


def current_instrument(code: str = "tamkeen-core") -> Instrument:
    instrument = (
        Instrument.objects.filter(is_active=True, code=code).first()
        or Instrument.objects.filter(is_active=True).first()
    )
    if instrument is None:
        raise AssessmentError(_("No assessment instrument is in use."))
    return instrument


def instrument_check_editable(instrument: Instrument) -> None:
    if instrument.pk and instrument.is_used:
        raise AssessmentError(
            _(
                "This instrument version has been used by assessments and cannot be changed; make a new version."
            )
        )


@transaction.atomic
def instrument_new_version(*, actor, instrument: Instrument) -> Instrument:
    """Copies an instrument into the next version, which supersedes it for new assessments."""
    if not (actor.is_administrator or actor.is_superuser):
        raise PermissionDenied(_("Only an administrator may version the instrument."))
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if hasattr(instrument, "superseded_by"):
        raise AssessmentError(_("This version has already been superseded."))
    data = instrument_as_data(instrument)
    Instrument.objects.filter(code=instrument.code, is_active=True).update(is_active=False)
    new = create_instrument_from_data(
        data,
        Instrument=Instrument,
        Section=Section,
        Item=Item,
        version=instrument.version + 1,
        supersedes=instrument,
    )
    audit_record(
        actor=actor,
        action="instrument.new_version",
        obj=new,
        changes={"version": [instrument.version, new.version]},
    )
    return new


# ---------------------------------------------------------------- assessments


@transaction.atomic
def assessment_start(*, actor, member) -> Assessment:
    """Starts an assessment on the current instrument, or returns the member's unfinished one to resume."""
    _check_assessor(actor, member)
    open_one = Assessment.objects.select_for_update().filter(member=member, completed_at__isnull=True).first()
    if open_one is not None:
        return open_one
    instrument = current_instrument()
    assessment = Assessment.objects.create(
        member=member,
        instrument=instrument,
        assessor=actor,
        started_at=timezone.now(),
        work_capacity=member.work_capacity,
        is_exempt_caregiver=member.is_caregiver,
        is_exempt_student=member.is_full_time_student,
    )
    audit_record(actor=actor, action="assessment.start", obj=assessment, member_id=member.pk)
    return assessment


def _check_open(actor, assessment: Assessment) -> None:
    _check_assessor(actor, assessment.member)
    if assessment.completed_at is not None:
        raise AssessmentError(_("This assessment is completed and can no longer be changed."))


@transaction.atomic
def assessment_save_section(
    *, actor, assessment: Assessment, section: Section, answers: dict[int, int | None]
) -> None:
    """Saves one screen of answers: {item_id: 1..5 or None to clear}."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_open(actor, assessment)
    if section.instrument_id != assessment.instrument_id:
        raise AssessmentError(_("This section belongs to another instrument."))
    item_ids = set(section.items.values_list("id", flat=True))
    existing = {a.item_id: a for a in Answer.objects.filter(assessment=assessment, item_id__in=item_ids)}
    changes = {}
    for item_id, value in answers.items():
        if item_id not in item_ids:
            raise AssessmentError(_("An answer does not belong to this section."))
        if value is not None and not scoring.SCALE_MIN <= value <= scoring.SCALE_MAX:
            raise AssessmentError(_("Answers are on a scale from 1 to 5."))
        current = existing.get(item_id)
        old = current.value if current else None
        if old == value:
            continue
        if value is None:
            current.delete()
        elif current is None:
            Answer.objects.create(assessment=assessment, item_id=item_id, value=value)
        else:
            current.value = value
            current.save(update_fields=["value"])
        changes[str(item_id)] = [old, value]
    if changes:
        audit_record(
            actor=actor,
            action="assessment.answer",
            obj=assessment,
            member_id=assessment.member_id,
            changes=changes,
        )


@transaction.atomic
def assessment_record_capacity(
    *, actor, assessment: Assessment, work_capacity: str, is_exempt_student: bool, is_exempt_caregiver: bool
) -> None:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_open(actor, assessment)
    values = {
        "work_capacity": work_capacity,
        "is_exempt_student": is_exempt_student,
        "is_exempt_caregiver": is_exempt_caregiver,
    }
    from tamkeen.core.audit import changed_fields

    changes = changed_fields(assessment, values)
    for field, value in values.items():
        setattr(assessment, field, value)
    assessment.save(update_fields=[*values, "updated_at"])
    if changes:
        audit_record(
            actor=actor,
            action="assessment.capacity",
            obj=assessment,
            member_id=assessment.member_id,
            changes=changes,
        )


def item_specs(instrument: Instrument) -> list[scoring.ItemSpec]:
    return [
        scoring.ItemSpec(
            code=item.code,
            kind=item.section.kind,
            dimension=item.section.dimension,
            track=item.section.track,
            core_skill=item.core_skill,
            is_reverse_scored=item.is_reverse_scored,
        )
        for item in Item.objects.filter(section__instrument=instrument).select_related("section")
    ]


def answers_by_code(assessment: Assessment) -> dict[str, int]:
    return dict(assessment.answers.values_list("item__code", "value"))


def member_facts(member, assessment: Assessment, on=None) -> scoring.MemberFacts:
    return scoring.MemberFacts(
        age=age_on(member.birth_date, on or timezone.localdate()),
        education=member.education,
        work_capacity=assessment.work_capacity,
        is_caregiver=assessment.is_exempt_caregiver,
        is_full_time_student=assessment.is_exempt_student,
        has_disability=member.disability not in ("", "none"),
    )


def missing_sections(assessment: Assessment) -> list[Section]:
    answered = set(assessment.answers.values_list("item_id", flat=True))
    missing = []
    for section in assessment.instrument.sections.prefetch_related("items"):
        values = [1 if item.id in answered else None for item in section.items.all()]
        if not scoring.section_is_answered_enough(values):
            missing.append(section)
    return missing


@transaction.atomic
def assessment_complete(*, actor, assessment: Assessment) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("member").get(pk=assessment.pk)
    )
    _check_open(actor, assessment)
    if not assessment.work_capacity:
        raise AssessmentError(_("Record the work capacity before completing the assessment."))
    missing = missing_sections(assessment)
    if missing:
        raise AssessmentError(
            _("Answer at least half of the statements of every section first. Missing: %(sections)s")
            % {"sections": "، ".join(s.name for s in missing)}
        )
    specs = item_specs(assessment.instrument)
    answers = answers_by_code(assessment)
    assessment.dimension_scores = scoring.dimension_scores(specs, answers)
    assessment.track_scores = scoring.track_scores(specs, answers)
    assessment.skill_scores = scoring.skill_scores(specs, answers)
    recommendation = scoring.recommend_track(
        member_facts(assessment.member, assessment), assessment.track_scores
    )
    assessment.recommended_track = recommendation.track
    assessment.recommendation_reasons = [r.as_dict() for r in recommendation.reasons]
    assessment.completed_at = timezone.now()
    assessment.save(
        update_fields=[
            "dimension_scores",
            "track_scores",
            "skill_scores",
            "recommended_track",
            "recommendation_reasons",
            "completed_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="assessment.complete",
        obj=assessment,
        member_id=assessment.member_id,
        changes={"recommended_track": ["", recommendation.track]},
    )
    return assessment


@transaction.atomic
def assessment_decide_track(*, actor, assessment: Assessment, track: str, reason: str = "") -> Assessment:
    """The case worker accepts the recommended track, or chooses another one and says why."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("member").get(pk=assessment.pk)
    )
    _check_assessor(actor, assessment.member)
    if assessment.completed_at is None:
        raise AssessmentError(_("Complete the assessment before deciding the track."))
    reason = reason.strip()
    if track != assessment.recommended_track and not reason:
        raise AssessmentError(_("Say why you choose a track other than the recommended one."))
    old = assessment.chosen_track
    assessment.chosen_track = track
    assessment.override_reason = reason if track != assessment.recommended_track else ""
    assessment.track_decided_by = actor
    assessment.track_decided_at = timezone.now()
    assessment.save(
        update_fields=[
            "chosen_track",
            "override_reason",
            "track_decided_by",
            "track_decided_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="assessment.track_override" if assessment.is_overridden else "assessment.track_accept",
        obj=assessment,
        member_id=assessment.member_id,
        changes={"chosen_track": [old, track]},
        reason=assessment.override_reason,
    )
    return assessment
