"""Service-level states and escalation as plain functions of times (no database, a clock we hold)."""

from datetime import UTC, date, datetime, timedelta

from tamkeen.grievances import rules

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DUE = T0 + timedelta(hours=72)


def test_a_grievance_is_on_track_then_at_risk_in_its_last_quarter_then_breached():
    assert rules.sla_state(received_at=T0, due=DUE, now=T0 + timedelta(hours=53)) == rules.ON_TRACK
    assert rules.sla_state(received_at=T0, due=DUE, now=T0 + timedelta(hours=54)) == rules.AT_RISK
    assert rules.sla_state(received_at=T0, due=DUE, now=DUE - timedelta(seconds=1)) == rules.AT_RISK
    assert rules.sla_state(received_at=T0, due=DUE, now=DUE) == rules.BREACHED


def test_an_answer_fixes_the_state_whatever_the_clock_says_later():
    later = DUE + timedelta(days=30)
    assert rules.sla_state(received_at=T0, due=DUE, now=later, answered_at=DUE) == rules.ANSWERED_IN_TIME
    assert (
        rules.sla_state(received_at=T0, due=DUE, now=later, answered_at=DUE + timedelta(minutes=1))
        == rules.ANSWERED_LATE
    )


def test_escalation_goes_worker_then_supervisor_then_manager():
    assert rules.escalation_level(due=DUE, manager_hours=48, now=DUE - timedelta(minutes=1)) == rules.WORKER
    assert rules.escalation_level(due=DUE, manager_hours=48, now=DUE) == rules.SUPERVISOR
    assert (
        rules.escalation_level(due=DUE, manager_hours=48, now=DUE + timedelta(hours=47)) == rules.SUPERVISOR
    )
    assert rules.escalation_level(due=DUE, manager_hours=48, now=DUE + timedelta(hours=48)) == rules.MANAGER


def test_escalation_never_goes_down_and_may_skip_a_level_when_the_job_was_late():
    assert rules.escalation_target(current=rules.WORKER, due=DUE, manager_hours=48, now=T0) is None
    assert rules.escalation_target(current=rules.SUPERVISOR, due=DUE, manager_hours=48, now=DUE) is None
    assert rules.escalation_target(current=rules.MANAGER, due=DUE, manager_hours=48, now=T0) is None
    far = DUE + timedelta(days=5)
    assert rules.escalation_target(current=rules.WORKER, due=DUE, manager_hours=48, now=far) == rules.MANAGER


def test_the_rule_in_effect_is_the_latest_dated_on_or_before_the_day():
    old = rules.ServiceLevelRule(date(2020, 1, 1), 120, 48)
    new = rules.ServiceLevelRule(date(2027, 1, 1), 48, 24)
    assert rules.rule_in_effect([new, old], date(2026, 12, 31)) == old
    assert rules.rule_in_effect([new, old], date(2027, 1, 1)) == new
    assert rules.rule_in_effect([new], date(2026, 1, 1)) is None


def test_share_of_answers_in_time():
    assert rules.share(0, 0) is None
    assert rules.share(2, 3) == 67
