from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "tamkeen.privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the message templates)
