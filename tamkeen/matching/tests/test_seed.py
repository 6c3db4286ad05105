"""The demo region: some members with disabilities have recorded needs, some opportunities list features."""

import pytest

from tamkeen.demo.seeding import SeedContext, run_seed
from tamkeen.opportunities.models import Opportunity
from tamkeen.registry.models import AccommodationNeed, Member

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_records_needs_with_consent_and_features_at_realistic_rates():
    run_seed(SeedContext(households=400, random_seed=11, history_households=400))
    disabled = Member.objects.exclude(disability="none").filter(work_capacity__in=["able", "rehabilitable"])
    with_needs = disabled.filter(accommodation_needs__isnull=False).distinct().count()
    assert 0 < with_needs < disabled.count()  # some, not all
    needs = AccommodationNeed.objects.all()
    assert needs.exists() and needs.usable().count() == needs.count()  # every need rests on a consent
    assert not needs.filter(member__disability="none").exists()
    opportunities = Opportunity.objects.count()
    listing = Opportunity.objects.exclude(accessibility_features=[]).count()
    assert 0.2 * opportunities < listing < 0.9 * opportunities
