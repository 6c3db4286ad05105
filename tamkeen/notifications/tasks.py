from django.tasks import task


@task()
def send_message(message_id: int) -> str:
    """Send one outbox message (enqueued when the change that wrote it commits)."""
    from tamkeen.notifications.services import message_send

    return message_send(message_id=message_id).status


@task()
def send_due_messages() -> int:
    """Send what waited for quiet hours or a retry, on backends that cannot defer a task."""
    from tamkeen.notifications.services import messages_send_due

    return messages_send_due()
