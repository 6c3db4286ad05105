from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tamkeen.core"
    verbose_name = _("Core")

    def ready(self):
        from django.conf import settings

        from tamkeen.core.hooks import app_modules
        from tamkeen.core.requestlog import connect_signals

        # Request and task IDs on every log line (tamkeen.core.requestlog).
        connect_signals()
        # The home queues name the models they read (tamkeen.core.queue_cache.watch): every process that
        # writes them must hear of their saves, not only the ones that have drawn a home page.
        if settings.TAMKEEN_WATCH_QUEUES:
            app_modules("queues")


class TamkeenAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the audited, configuration-only site (tamkeen.core.admin_site)."""

    default = False
    default_site = "tamkeen.core.admin_site.AuditedAdminSite"
