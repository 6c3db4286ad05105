from dataclasses import dataclass

from django.utils.translation import get_language_bidi, gettext

from tamkeen.core.charts import bar_chart

from .models import Answer, Assessment, Dimension, Section
from .reasons import describe_recommendation


@dataclass
class DimensionRow:
    dimension: str
    label: str
    baseline: float | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return round(self.latest - self.baseline, 2)


def completed_assessments(member) -> list[Assessment]:
    return list(
        Assessment.objects.filter(member=member, completed_at__isnull=False)
        .select_related("assessor", "instrument")
        .order_by("completed_at")
    )


def open_assessment(member) -> Assessment | None:
    return Assessment.objects.filter(member=member, completed_at__isnull=True).first()


def baseline_and_latest(assessments: list[Assessment]) -> list[DimensionRow]:
    if not assessments:
        return []
    baseline, latest = assessments[0], assessments[-1]
    return [
        DimensionRow(
            value, str(label), baseline.dimension_scores.get(value), latest.dimension_scores.get(value)
        )
        for value, label in Dimension.choices
    ]


def history_chart(rows: list[DimensionRow]):
    """Latest beside baseline for each dimension, on the instrument's own scale; the page shows the table."""
    return bar_chart(
        [(r.label, [r.latest, r.baseline]) for r in rows],
        title=gettext("Scores per dimension"),
        unit=gettext("from 1 to 5"),
        series=[gettext("Latest"), gettext("Baseline")],
        rtl=get_language_bidi(),
        scale_max=5,
        decimals=1,
        show_table=False,
        key="dimensions",
    )


def recommendation_text(assessment: Assessment) -> str:
    if assessment.completed_at is None:
        return ""
    return describe_recommendation(assessment.recommended_track, assessment.recommendation_reasons)


def sections_of(assessment: Assessment) -> list[Section]:
    return list(assessment.instrument.sections.order_by("order"))


def section_progress(assessment: Assessment) -> list[dict]:
    """Per section: how many of its statements are answered, for the resume list."""
    answered = set(Answer.objects.filter(assessment=assessment).values_list("item_id", flat=True))
    progress = []
    for section in assessment.instrument.sections.prefetch_related("items").order_by("order"):
        ids = [i.id for i in section.items.all()]
        progress.append(
            {"section": section, "answered": sum(1 for i in ids if i in answered), "total": len(ids)}
        )
    return progress


def first_unfinished_step(assessment: Assessment) -> int:
    """1-based number of the first section not fully answered; len+1 means the capacity screen."""
    for number, row in enumerate(section_progress(assessment), start=1):
        if row["answered"] < row["total"]:
            return number
    return len(sections_of(assessment)) + 1
