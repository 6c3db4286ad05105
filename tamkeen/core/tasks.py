from django.tasks import task


@task()
def reclaim_stale_tasks() -> dict:
    """Tasks a dead worker left running are failed and their imports closed (also run by every starting worker
    and by `tamkeen reclaim-tasks`)."""
    from tamkeen.core.jobs import reclaim_stale_tasks as reclaim

    return reclaim()
