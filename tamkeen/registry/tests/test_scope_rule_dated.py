"""The programme's target ages are dated configuration: a change takes effect on its date, never before."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tamkeen.core.models import AuditEvent, DatedRule
from tamkeen.core.periods import add_years
from tamkeen.core.rules import DatedRuleError, dated_rule_set
from tamkeen.registry.models import Member
from tamkeen.registry.rules import DEFAULT_SCOPE_AGES, SCOPE_RULE, ScopeAges, member_scope_on
from tamkeen.registry.selectors import members_in_programme_scope, scope_ages_on
from tests.personas import make_household, make_member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)
NEW_RULE_DAY = date(2027, 1, 1)


def _raise_max_age_to_64(world):
    return dated_rule_set(
        actor=world.admin,
        name=SCOPE_RULE,
        values={"max_age": 64},
        valid_from=NEW_RULE_DAY,
        reason="قرار تمديد الفئة المستهدفة",
        today=TODAY,
    )


def test_a_rule_dated_in_the_future_changes_no_answer_before_its_date(world):
    household = make_household("AGE-1", world.sby, "SAB")
    sixty_two = make_member(
        household, "son", "صالح", "الحربي", birth_date=add_years(TODAY, -62), work_capacity="able"
    )
    members = Member.objects.filter(household=household)

    _raise_max_age_to_64(world)

    assert scope_ages_on(TODAY) == DEFAULT_SCOPE_AGES
    assert not member_scope_on(sixty_two, TODAY, scope_ages_on(TODAY))[0]
    assert not members_in_programme_scope(members, TODAY).exists()
    # From its date the pure rule and its SQL twin both follow the new ages.
    assert scope_ages_on(NEW_RULE_DAY) == ScopeAges(max_age=64)
    assert member_scope_on(sixty_two, NEW_RULE_DAY, scope_ages_on(NEW_RULE_DAY))[0]
    assert list(members_in_programme_scope(members, NEW_RULE_DAY)) == [sixty_two]


def test_the_twin_agrees_with_the_pure_rule_under_another_rule(world):
    ages = ScopeAges(min_age=21, max_age=55, student_min_age=21, student_max_age=23)
    household = make_household("AGE-2", world.sby, "SAB")
    for n, age in enumerate((20, 21, 22, 23, 24, 55, 56)):
        for student in (False, True):
            make_member(
                household,
                "son",
                f"عضو{n}{int(student)}",
                "الحربي",
                birth_date=add_years(TODAY, -age) - timedelta(days=3),
                work_capacity="able",
                is_full_time_student=student,
            )
    members = Member.objects.filter(household=household)
    expected = {m.pk for m in members if member_scope_on(m, TODAY, ages)[0]}
    assert set(members_in_programme_scope(members, TODAY, ages).values_list("pk", flat=True)) == expected
    # Non-students of 21-24 and 55, and students of 24 and 55 (past the exemption's ages).
    assert len(expected) == 7


def test_setting_a_rule_is_audited_and_refused_in_the_past_or_without_a_reason(world):
    rule = _raise_max_age_to_64(world)
    assert rule.set_by == world.admin
    assert AuditEvent.objects.filter(
        action="dated_rule.set", object_id=str(rule.pk), reason=rule.reason
    ).exists()
    with pytest.raises(DatedRuleError):
        dated_rule_set(
            actor=world.admin,
            name=SCOPE_RULE,
            values={},
            valid_from=TODAY - timedelta(days=1),
            reason="x",
            today=TODAY,
        )
    with pytest.raises(DatedRuleError):
        dated_rule_set(
            actor=world.admin, name=SCOPE_RULE, values={}, valid_from=TODAY, reason=" ", today=TODAY
        )
    with pytest.raises(PermissionDenied):
        dated_rule_set(
            actor=world.worker_sby, name=SCOPE_RULE, values={}, valid_from=TODAY, reason="x", today=TODAY
        )
    # Only the new version was written (beside the shipped rule in force since before any record).
    assert list(DatedRule.objects.filter(name=SCOPE_RULE).exclude(valid_from=date(1900, 1, 1))) == [rule]


def test_the_member_page_says_the_ages_of_the_rule_in_force(world, client):
    household = make_household("AGE-3", world.sby, "SAB")
    elder = make_member(household, "son", "ناصر", "الحربي", birth_date=add_years(date.today(), -62))
    client.force_login(world.supervisor_sby)
    url = reverse("registry:member", args=[elder.pk])
    assert "غير مشمول: فوق 59 سنة" in client.get(url).content.decode()
    # Written as a row: a rule that took effect long ago (the service dates rules from tomorrow on).
    DatedRule.objects.create(
        name=SCOPE_RULE, valid_from=date(2020, 1, 1), values={"max_age": 61}, reason="قرار"
    )
    assert "غير مشمول: فوق 61 سنة" in client.get(url).content.decode()
