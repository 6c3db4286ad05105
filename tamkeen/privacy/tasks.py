from django.tasks import task


@task()
def build_member_data_export(export_id: int) -> int:
    """A member's data export, built by the worker (tamkeen.privacy.services.member_data_export_build)."""
    from .models import DataExport
    from .services import member_data_export_build

    export = member_data_export_build(export=DataExport.objects.select_related("member").get(pk=export_id))
    return export.size


@task()
def apply_retention_schedule() -> dict:
    """The daily retention run (tamkeen.settings.TAMKEEN_DAILY_TASKS): deletes expired files and anonymises people."""
    from .retention import retention_run

    return retention_run().counts
