from django.tasks import task

from .services import actions_mark_overdue


@task()
def mark_overdue_actions() -> int:
    """The daily reminder job: flags open plan actions past their due date so caseloads list them first."""
    return actions_mark_overdue()
