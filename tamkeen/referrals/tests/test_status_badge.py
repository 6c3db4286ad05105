"""The lists' status badge tag renders exactly what the referral page's include renders, for every status."""

import pytest
from django.template import engines
from django.utils import translation

from tamkeen.referrals.models import Status

INCLUDE = '{% include "referrals/status_badge.html" with status=status label=label %}'
TAG = "{% load referral_badges %}{% status_badge status label %}"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_tag_and_the_include_render_the_same_badge(language):
    engine = engines["django"]
    with translation.override(language):
        for status in [*Status.values, "<b>odd</b>"]:
            context = {"status": status, "label": Status(status).label if status in Status.values else status}
            assert engine.from_string(TAG).render(context) == engine.from_string(INCLUDE).render(context)
