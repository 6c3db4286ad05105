from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "tamkeen.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the message templates)
