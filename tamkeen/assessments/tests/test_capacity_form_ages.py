"""The student exemption's ages on the capacity form are those of the rule in force, not words in the code."""

from datetime import date

import pytest
from django.utils import translation

from tamkeen.assessments.forms import CapacityForm
from tamkeen.core.models import DatedRule
from tamkeen.registry.rules import SCOPE_RULE

pytestmark = pytest.mark.django_db


def test_the_exemption_label_says_the_ages_in_force():
    with translation.override("en"):
        assert CapacityForm().fields["is_exempt_student"].label == "Exempt: full-time student aged 18–25"
        # A rule that took effect long ago, written as a row (the service dates rules from tomorrow on).
        DatedRule.objects.create(
            name=SCOPE_RULE, valid_from=date(2020, 1, 2), values={"student_max_age": 24}, reason="قرار"
        )
        assert CapacityForm().fields["is_exempt_student"].label == "Exempt: full-time student aged 18–24"
    with translation.override("ar"):
        assert CapacityForm().fields["is_exempt_student"].label == "معفى: طالب متفرغ بين 18 و24 سنة"
