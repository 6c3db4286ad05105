from django.tasks import task


@task()
def create_audit_partitions() -> dict:
    """The daily job (settings.TAMKEEN_DAILY_TASKS): the audit trail's coming months get their partitions."""
    from .partitions import ensure_partitions

    return ensure_partitions()
