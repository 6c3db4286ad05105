from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tamkeen.reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.conf import settings

        from tamkeen.core import queue_cache
        from tamkeen.reports.selectors.figures import RETENTION_READS

        # The dashboard's retention figures are kept under these models' generations: every process that writes
        # them (the task worker's employment import included) must give them a new one.
        if settings.TAMKEEN_WATCH_QUEUES:
            queue_cache.watch(*RETENTION_READS)
