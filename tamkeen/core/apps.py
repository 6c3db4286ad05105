from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tamkeen.core"
    verbose_name = _("Core")

    def ready(self):
        from tamkeen.core.requestlog import connect_signals

        # Request and task IDs on every log line (tamkeen.core.requestlog).
        connect_signals()


class TamkeenAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the audited, configuration-only site (tamkeen.core.admin_site)."""

    default = False
    default_site = "tamkeen.core.admin_site.AuditedAdminSite"
