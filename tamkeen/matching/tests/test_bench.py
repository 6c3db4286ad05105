"""`tamkeen bench matching` on a small instance: one line per method, the ratios last."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_the_matching_benchmark_reports_every_method_and_meets_the_quality_target():
    out = StringIO()
    call_command("bench", "matching", "--scale", "3000", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    steps = [line["step"] for line in lines]
    assert steps == ["instance", "greedy", "full_min_cost_flow", "pruned_min_cost_flow", "ratios"]
    instance, greedy, full, pruned, ratios = lines
    assert instance["members"] == 3000 and instance["opportunities"] == 300 and instance["seats"] == 3300
    assert greedy["total_score"] <= pruned["total_score"] <= full["total_score"]
    assert ratios["targets_met"]["within_0.1pct_of_full"]
    assert pruned["proven_gap_bound_pct"] <= 0.05


def test_an_unknown_benchmark_lists_the_available_ones():
    with pytest.raises(CommandError, match="matching"):
        call_command("bench", "no-such-thing")
