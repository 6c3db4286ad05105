"""The administrator's home is his work queue: a task that failed, a message the gateway never took, a partner's
webhook endpoint switched off, a sign-in name locked out — each counted, its first items listed, each opening
the page where he acts."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

ADMIN_QUEUES = {
    "admin-failed-tasks",
    "admin-failed-messages",
    "admin-disabled-webhooks",
    "admin-locked-accounts",
}


@task
def broken_import():
    raise RuntimeError("the roll file is unreadable")


def home_queues(client, user) -> dict:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {queue.key: queue for queue in response.context["queues"]}


def test_a_quiet_day_shows_every_admin_queue_at_zero_and_nobody_else_sees_them(world, client):
    queues = home_queues(client, world.admin)
    assert set(queues) >= ADMIN_QUEUES and all(queues[key].count == 0 for key in ADMIN_QUEUES)
    for persona in ("worker_sby", "supervisor_sby", "manager", "partner_employer", "auditor"):
        assert not ADMIN_QUEUES & set(home_queues(client, world.users[persona]))


@pytest.mark.django_db(transaction=True)
def test_a_task_that_failed_this_week_opens_its_record(world, client):
    from django_tasks_db.management.commands.db_worker import Worker

    result = broken_import.enqueue()
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="admin-home", excluded_queue_names=[]).run()  # fmt: skip
    queue = home_queues(client, world.admin)["admin-failed-tasks"]
    assert queue.count == 1 and queue.is_urgent
    item = queue.items[0]
    assert item.label == "broken_import" and item.detail == "RuntimeError"
    assert item.url == reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.id])
    assert client.get(item.url).status_code == 200
    assert client.get(queue.url).status_code == 200


def test_a_message_the_gateway_refused_is_counted_and_opens_in_the_admin(world, client, settings):
    from tamkeen.notifications.services import message_send, notify

    settings.TAMKEEN_SMS_BACKEND = "http"
    settings.TAMKEEN_QUIET_HOURS = ""
    settings.TAMKEEN_SMS_HTTP = {
        **settings.TAMKEEN_SMS_HTTP,
        "URL": "http://127.0.0.1:9/closed",
        "TIMEOUT": "2",
    }
    settings.TAMKEEN_MESSAGE_MAX_ATTEMPTS = 1
    messages = notify(
        event="plan.approved", member=world.head_sby, context={"track": "training", "due": None}
    )
    sms = next(m for m in messages if m.channel == "sms")
    assert message_send(message_id=sms.pk).status == "failed"
    queue = home_queues(client, world.admin)["admin-failed-messages"]
    assert queue.count == 1 and queue.items[0].url == reverse(
        "admin:notifications_message_change", args=[sms.pk]
    )
    assert queue.items[0].label == world.head_sby.full_name
    page = client.get(queue.url)
    assert page.status_code == 200 and page.context["cl"].result_count == 1


def test_an_endpoint_switched_off_after_three_days_of_failures_points_to_its_entity(world, client):
    from tamkeen.webhooks.models import Delivery
    from tamkeen.webhooks.services import delivery_attempt, emit, endpoint_create

    endpoint, _ = endpoint_create(
        actor=world.partner_employer,
        entity=world.employer,
        url="http://127.0.0.1:9/x",
        events=["referral.sent"],
    )
    with transaction.atomic():
        emit("referral.sent", world.employer, {"reference": "R-1", "status": "sent", "opportunity": "X"})
    delivery_attempt(Delivery.objects.get().pk, now=timezone.now())  # nothing listens on port 9
    endpoint.refresh_from_db()
    with transaction.atomic():
        emit("referral.sent", world.employer, {"reference": "R-2", "status": "sent", "opportunity": "X"})
    later = Delivery.objects.order_by("-pk").first()
    delivery_attempt(later.pk, now=endpoint.failing_since + timedelta(days=3, minutes=1))
    queue = home_queues(client, world.admin)["admin-disabled-webhooks"]
    assert queue.count == 1
    assert queue.items[0].label == world.employer.name
    assert queue.items[0].url == reverse("partners:detail", args=[world.employer.code])
    assert client.get(queue.items[0].url).status_code == 200


def test_a_locked_out_name_is_listed_until_the_lock_lifts(world, client):
    from axes.models import AccessFailureLog
    from django.db.models import F

    from tamkeen.accounts.lockout import cool_off

    for n in range(10):
        client.post(
            reverse("accounts:login"),
            {"username": world.worker_sby.username, "password": f"guess-{n}"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
    queue = home_queues(client, world.admin)["admin-locked-accounts"]
    assert queue.count == 1 and queue.items[0].label == world.worker_sby.username
    log = client.get(queue.items[0].url)
    assert log.status_code == 200 and log.context["cl"].result_count == 10
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - cool_off() - timedelta(minutes=1))
    assert home_queues(client, world.admin)["admin-locked-accounts"].count == 0
