"""Two case workers send the last seat at the same moment, on PostgreSQL: one succeeds, one is refused."""

import threading

import pytest
from django.db import connection, connections

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.models import Referral, Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_two_connections_race_for_the_last_seat(world):
    course = make_opportunity(world.trainer, capacity=1)
    referrals = []
    for member in (world.head_sby, world.wife_sby):
        give_consent(member, world.trainer)
        referrals.append(services.referral_propose(actor=world.worker_sby, member=member, opportunity=course))
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def send(referral, actor):
        try:
            barrier.wait(timeout=10)
            services.referral_send(actor=actor, referral=referral)
            outcomes[referral.public_id] = "sent"
        except services.NoSeatLeft as error:
            outcomes[referral.public_id] = f"refused: {error}"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(referrals[0], world.worker_sby)),
        threading.Thread(target=send, args=(referrals[1], world.supervisor_sby)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["refused", "sent"]
    refused = next(v for v in outcomes.values() if v.startswith("refused"))
    assert "لم يعد في هذه الفرصة مقعد متاح" in refused  # "No seat is left …", in Arabic
    course.refresh_from_db()
    assert course.seats_taken == 1
    assert Referral.objects.filter(status=Status.SENT).count() == 1
