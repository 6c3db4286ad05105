"""The demo steps of assessments and cases on a small office: realistic, valid, deterministic, run once."""

from datetime import date

import pytest

from tamkeen.assessments import seed as assessments_seed
from tamkeen.assessments.models import Answer, Assessment
from tamkeen.cases import seed as cases_seed
from tamkeen.cases.models import CaseExit, EmpowermentPlan, PlanAction
from tamkeen.demo.seeding import SeedContext
from tests.personas import make_household, make_member

pytestmark = pytest.mark.django_db


def test_seeded_assessments_and_plans_are_valid_and_not_repeated(world):
    for n in range(300):
        household = make_household(f"7{n:05d}", world.sby, "SAB")
        make_member(
            household,
            "head",
            "سعيد",
            "المدخلي",
            education=["primary", "secondary", "bachelor"][n % 3],
            work_capacity=["able", "able", "rehabilitable"][n % 3],
            birth_date=date(1980 + n % 20, 1, 1),
            case_worker=world.worker_sby,
            is_caregiver=n % 5 == 0,
        )
    ctx = SeedContext(households=300, random_seed=7)
    assessments_seed.seed(ctx)
    cases_seed.seed(ctx)
    assert ctx.counts["assessments"] == Assessment.objects.count() > 100
    for assessment in Assessment.objects.all():
        assert all(v is None or 1 <= v <= 5 for v in assessment.dimension_scores.values())
        assert assessment.recommendation_reasons
    assert Answer.objects.filter(value__gt=5).count() == 0
    statuses = set(EmpowermentPlan.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "approved", "returned"}
    assert PlanAction.objects.filter(is_overdue=True).exists()
    assert not EmpowermentPlan.objects.filter(status="approved", decided_by__isnull=True).exists()
    assert (
        CaseExit.objects.filter(kind="sanction").exclude(legal_reference="").count()
        == ctx.counts["sanction_exits"]
    )
    before = (Assessment.objects.count(), EmpowermentPlan.objects.count())
    assessments_seed.seed(ctx)
    cases_seed.seed(ctx)
    assert (Assessment.objects.count(), EmpowermentPlan.objects.count()) == before
