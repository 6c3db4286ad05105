"""The retention schedule's arithmetic, without the database."""

from datetime import date

from tamkeen.core.identifiers import is_valid_national_id
from tamkeen.privacy import schedule
from tamkeen.privacy.schedule import Rule, cutoff, merged, pseudonymous_national_id, rule_on

RULES = (
    Rule(schedule.CLOSED_CASE, date(1900, 1, 1), 1825),
    Rule(schedule.CLOSED_CASE, date(2027, 1, 1), 3650),
    Rule(schedule.DATA_EXPORT, date(1900, 1, 1), 30),
)


def test_the_rule_in_force_is_the_latest_not_after_the_day():
    assert rule_on(RULES, schedule.CLOSED_CASE, date(2026, 12, 31)).keep_days == 1825
    assert rule_on(RULES, schedule.CLOSED_CASE, date(2027, 1, 1)).keep_days == 3650
    assert rule_on(RULES, schedule.UPLOADED_FILE, date(2027, 1, 1)) is None


def test_cutoff_counts_back_from_the_run_day():
    assert cutoff(RULES, schedule.DATA_EXPORT, date(2026, 3, 31)) == date(2026, 3, 1)
    assert cutoff(RULES, schedule.CLOSED_CASE, date(2027, 6, 1)) == date(2017, 6, 3)
    assert cutoff(RULES, schedule.UPLOADED_FILE, date(2027, 6, 1)) is None  # no rule: nothing expires


def test_configured_rules_replace_the_shipped_ones_of_their_kind_only():
    configured = [Rule(schedule.DATA_EXPORT, date(2026, 1, 1), 7)]
    rules = merged(schedule.DEFAULT_SCHEDULE, configured)
    assert [r for r in rules if r.kind == schedule.DATA_EXPORT] == configured
    assert rule_on(rules, schedule.DATA_EXPORT, date(2025, 12, 31)) is None
    assert rule_on(rules, schedule.CLOSED_CASE, date(2026, 1, 1)).keep_days == 5 * 365


def test_every_kind_has_a_shipped_rule_and_an_action():
    assert {rule.kind for rule in schedule.DEFAULT_SCHEDULE} == set(schedule.KINDS) == set(schedule.ACTIONS)
    assert rule_on(schedule.DEFAULT_SCHEDULE, schedule.AUDIT_EVENT, date.today()).keep_days >= 5 * 365


def test_a_pseudonymous_national_id_has_the_shape_but_is_never_valid():
    ids = {pseudonymous_national_id(pk) for pk in range(1, 3000)}
    assert len(ids) == 2999
    for value in ids:
        assert len(value) == 10 and value[0] in "12" and value.isdigit()
        assert not is_valid_national_id(value)
    assert not is_valid_national_id(pseudonymous_national_id(42, first_digit="2"))
