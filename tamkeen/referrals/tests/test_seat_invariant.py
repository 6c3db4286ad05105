"""Whatever order people click in, an opportunity's seat count equals the referrals holding a seat and never
passes its capacity (a seeded random walk over every action, by the right and the wrong people)."""

import random

import pytest
from django.core.exceptions import PermissionDenied

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.lifecycle import TRANSITIONS, allowed_actions
from tamkeen.referrals.models import OPEN_STATUSES, Referral, Status
from tests.personas import make_member

pytestmark = pytest.mark.django_db


def test_the_lifecycle_table_is_consistent():
    for action, (sources, target, _who) in TRANSITIONS.items():
        assert all(source in OPEN_STATUSES for source in sources), action
        assert target not in sources, action
    assert allowed_actions(Status.SENT, "partner") == ["accept", "decline"]
    assert allowed_actions(Status.COMPLETED, "partner") == []
    assert allowed_actions(Status.STARTED, "office") == ["withdraw"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_walk_keeps_seats_exact(world, seed):
    rng = random.Random(seed)
    course = make_opportunity(world.trainer, capacity=2)
    members = [world.head_sby, world.wife_sby, world.son_sby]
    members += [make_member(world.household_sby, "daughter", f"بنت{i}", "الحازمي") for i in range(2)]
    for member in members:
        give_consent(member, world.trainer)
    actors = [world.worker_sby, world.partner_trainer, world.partner_employer, world.worker_frs]
    reasons = {"decline": "not_eligible", "drop_out": "no_show", "withdraw": "other"}
    for _step in range(60):
        member = rng.choice(members)
        referral = Referral.objects.filter(
            member=member, opportunity=course, status__in=OPEN_STATUSES
        ).first()
        try:
            if referral is None:
                services.referral_propose(actor=world.worker_sby, member=member, opportunity=course)
                continue
            action = rng.choice(["send", *services.PARTNER_ACTION_SERVICES, "withdraw", "expire"])
            actor = rng.choice(actors)
            if action == "send":
                services.referral_send(actor=actor, referral=referral)
            elif action == "withdraw":
                services.referral_withdraw(actor=actor, referral=referral, reason_code="other")
            elif action == "expire":
                services.referral_expire(referral=referral)
            else:
                services.referral_apply_action(
                    actor=actor, referral=referral, action=action, reason_code=reasons.get(action, "")
                )
        except (services.ReferralError, PermissionDenied):
            pass
        course.refresh_from_db()
        holding = Referral.objects.filter(opportunity=course, holds_seat=True).count()
        assert course.seats_taken == holding <= course.capacity
