"""The worker's side of webhooks: one attempt per task; retries are new tasks deferred by the backoff."""

from django.tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    from tamkeen.webhooks.services import delivery_attempt

    delivery = delivery_attempt(delivery_id)
    return delivery.state if delivery else "missing"


@task()
def replay_webhook(delivery_id: int) -> str:
    from tamkeen.webhooks.services import delivery_attempt

    delivery = delivery_attempt(delivery_id, replay=True)
    return delivery.state if delivery else "missing"


@task()
def deliver_due_webhooks() -> int:
    """Deliveries whose retry time has passed and whose deferred task was lost (a sweep; also daily)."""
    from tamkeen.webhooks.services import deliver_due

    return deliver_due()
