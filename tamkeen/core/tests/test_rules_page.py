"""Mona (administrator) reads every programme rule with its history and adds a version from a future date;
the managers read the rules and add none; a version in force or past is never rewritten."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.core.models import AuditEvent, DatedRule
from tamkeen.core.rules import policy_rule, policy_rules, rule_problems, rules_overview

pytestmark = pytest.mark.django_db

TRANSITION = "cases.transition_period"


def _add(client, name=TRANSITION, **fields):
    return client.post(reverse("core:rule_add", args=[name]), fields)


def test_every_policy_rule_is_listed_with_todays_values_and_its_history(world, client):
    names = {rule.name for rule in policy_rules()}
    assert {
        TRANSITION,
        "matching.priority_shares",
        "outcomes.wage_bands",
        "registry.programme_scope",
    } <= names
    client.force_login(world.admin)
    page = client.get(reverse("core:rules"))
    text = page.content.decode()
    assert page.status_code == 200
    for rule in policy_rules():
        assert str(rule.label) in text  # in the page's language, Arabic
    assert reverse("core:rule_add", args=[TRANSITION]) in text
    overview = {item.rule.name: item for item in rules_overview(timezone.localdate())}
    assert overview["outcomes.wage_bands"].in_force[0][1] == 3000


SHIPPED = {
    "cases.transition_period": "tamkeen.cases.migrations.0002_transition_period_dated_rule",
    "matching.priority_shares": "tamkeen.matching.migrations.0002_priority_shares_dated_rule",
    "outcomes.wage_bands": "tamkeen.outcomes.migrations.0007_wage_bands_dated_rule",
    "registry.programme_scope": "tamkeen.registry.migrations.0007_programme_scope_dated_rule",
}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_the_data_migrations_ship_todays_values_in_force_since_before_any_record(name):
    from importlib import import_module

    DatedRule.objects.filter(name=name).delete()  # a transactional test may have flushed them already
    import_module(SHIPPED[name]).ship(DatedRule)
    shipped = DatedRule.objects.get(name=name)
    assert shipped.valid_from == date(1900, 1, 1)
    assert shipped.values == policy_rule(name).default
    overview = {item.rule.name: item for item in rules_overview(timezone.localdate())}
    assert [v.state for v in overview[name].versions] == ["in_force"]


def test_the_administrator_adds_a_future_version_checked_written_and_audited(world, client):
    client.force_login(world.admin)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _add(client, value_months="9", valid_from=tomorrow.isoformat(), reason="قرار مجلس الإدارة 12")
    assert response.status_code == 302 and response.url == reverse("core:rules")
    row = DatedRule.objects.get(name=TRANSITION, valid_from=tomorrow)
    assert row.values == {"months": 9} and row.set_by == world.admin
    assert AuditEvent.objects.filter(
        action="dated_rule.set", object_id=str(row.pk), actor=world.admin
    ).exists()
    overview = {item.rule.name: item for item in rules_overview(timezone.localdate())}
    states = [v.state for v in overview[TRANSITION].versions]
    assert states[0] == "future" and set(states[1:]) <= {"in_force"}
    # The same day twice is refused with the reason, and nothing is written.
    again = _add(client, value_months="6", valid_from=tomorrow.isoformat(), reason="تصحيح")
    assert again.status_code == 400, again.context["form"].errors
    assert again.context["form"].non_field_errors() == [
        str(_("This rule already has a version from that day."))
    ]
    assert DatedRule.objects.filter(name=TRANSITION).count() == 2


def test_the_past_and_today_are_read_only_and_bad_values_are_explained(world, client):
    client.force_login(world.admin)
    today = timezone.localdate()
    before = DatedRule.objects.count()
    for day in (today, today - timedelta(days=30)):
        refused = _add(client, value_months="6", valid_from=day.isoformat(), reason="قرار")
        assert refused.status_code == 400
        assert refused.context["form"].has_error("valid_from", "not_future")
    out_of_range = _add(
        client, value_months="0", valid_from=(today + timedelta(days=5)).isoformat(), reason="x"
    )
    assert out_of_range.status_code == 400 and "value_months" in out_of_range.context["form"].errors
    upside_down = _add(
        client,
        "outcomes.wage_bands",
        value_nitaqat_min_wage="3000",
        value_disability_counts_as="4",
        value_support_min_wage="16000",
        value_support_max_wage="15000",
        valid_from=(today + timedelta(days=5)).isoformat(),
        reason="قرار",
    )
    assert upside_down.status_code == 400
    assert upside_down.context["form"].non_field_errors() == [
        str(_("The support band's lowest wage is at most its highest."))
    ]
    shares = _add(
        client,
        "matching.priority_shares",
        value_time_on_security="0.5",
        value_household_size="0.25",
        value_woman="0.2",
        value_disability="0.2",
        valid_from=(today + timedelta(days=5)).isoformat(),
        reason="قرار",
    )
    assert shares.status_code == 400
    assert str(_("The shares add up to 1.")) in shares.context["form"].non_field_errors()
    assert DatedRule.objects.count() == before


def test_the_form_takes_a_hijri_date_and_decimal_shares(world, client):
    client.force_login(world.admin)
    response = _add(
        client,
        "matching.priority_shares",
        value_time_on_security="0.30",
        value_household_size="0.20",
        value_woman="0.20",
        value_disability="0.30",
        valid_from="1500/01/01",
        reason="قرار رفع وزن الأشخاص ذوي الإعاقة",
    )
    assert response.status_code == 302
    row = DatedRule.objects.get(name="matching.priority_shares", reason__startswith="قرار رفع")
    assert row.values == {"time_on_security": 0.3, "household_size": 0.2, "woman": 0.2, "disability": 0.3}
    assert row.valid_from > date(2070, 1, 1)


def test_managers_read_the_rules_and_nobody_but_the_administrator_adds_one(world, client):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for reader in (world.manager, world.manager_national):
        client.force_login(reader)
        page = client.get(reverse("core:rules"))
        assert page.status_code == 200
        assert reverse("core:rule_add", args=[TRANSITION]) not in page.content.decode()
        assert _add(client, value_months="6", valid_from=tomorrow, reason="x").status_code == 403
    for outsider in (world.supervisor_sby, world.worker_sby, world.auditor, world.partner_bank):
        client.force_login(outsider)
        assert client.get(reverse("core:rules")).status_code == 403
        assert _add(client, value_months="6", valid_from=tomorrow, reason="x").status_code == 403
    assert not DatedRule.objects.filter(name=TRANSITION, valid_from=tomorrow).exists()


def test_the_rule_checks_are_plain_functions():
    wages = policy_rule("outcomes.wage_bands")
    assert rule_problems(wages, dict(wages.default)) == []
    assert rule_problems(wages, {**wages.default, "support_min_wage": 20000})
    assert rule_problems(wages, {**wages.default, "disability_counts_as": 2.5})
    assert rule_problems(wages, {**wages.default, "surprise": 1})
    scope = policy_rule("registry.programme_scope")
    assert rule_problems(scope, {**scope.default, "min_age": 60, "max_age": 59})
