"""The synthetic region: every step runs, and case-work history stays within its sample of households."""

import pytest

from tamkeen.assessments.models import Assessment
from tamkeen.demo.seeding import SeedContext, run_seed
from tamkeen.referrals.models import Referral
from tamkeen.registry.models import Household

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_small_region_is_seeded_with_history_only_for_its_sample():
    counts = run_seed(SeedContext(households=120, random_seed=7, history_households=40))
    assert counts["households"] == Household.objects.count() == 120
    assert counts["offices"] == 15
    assert counts["entities"] == 30
    cutoff = Household.objects.order_by("pk").values_list("pk", flat=True)[39]
    assert Assessment.objects.exists()
    assert not Assessment.objects.filter(member__household_id__gt=cutoff).exists()
    assert not Referral.objects.filter(member__household_id__gt=cutoff).exists()
