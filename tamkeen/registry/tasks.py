from django.tasks import task


@task()
def run_roll_import(import_id: int) -> dict:
    """A roll uploaded from the web, imported by the worker; progress is stored on the RollImport row."""
    from .models import RollImport
    from .services import roll_import_run

    return roll_import_run(roll_import=RollImport.objects.select_related("created_by").get(pk=import_id))
