from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "tamkeen.partners"
    verbose_name = _("Enabling entities")

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the message templates)
