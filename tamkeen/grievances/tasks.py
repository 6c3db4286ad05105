from django.tasks import task


@task()
def escalate_late_grievances() -> int:
    """Unanswered grievances past their time go up a level (settings.TAMKEEN_DAILY_TASKS runs it with the daily jobs; a
    deployment may run `tamkeen daily` more often to escalate within the day)."""
    from .services import grievances_escalate

    return grievances_escalate()
