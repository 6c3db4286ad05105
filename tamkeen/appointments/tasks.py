from django.tasks import task


@task()
def send_appointment_reminders() -> int:
    """The daily reminder job: each member with an appointment tomorrow is told once (settings.TAMKEEN_DAILY_TASKS)."""
    from .services import appointments_send_reminders

    return appointments_send_reminders()
