from django.tasks import task

from tamkeen.core.jobs import close_abandoned, when_abandoned


@task()
def run_roll_import(import_id: int) -> dict:
    """A roll uploaded from the web, imported by the worker; progress is stored on the RollImport row."""
    from .models import RollImport
    from .services import roll_import_run

    return roll_import_run(roll_import=RollImport.objects.select_related("created_by").get(pk=import_id))


@when_abandoned(run_roll_import)
def close_abandoned_roll_import(import_id: int, *, reason: str) -> None:
    from django.utils import timezone

    from .models import RollImport

    S = RollImport.Status
    close_abandoned(RollImport, import_id, field="status", open_states=(S.QUEUED, S.RUNNING), failed_state=S.FAILED,
                    reason=reason, finished_at=timezone.now())  # fmt: skip
