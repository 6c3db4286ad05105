from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "tamkeen.dedup"
    verbose_name = _("Duplicate records")

    def ready(self) -> None:
        from tamkeen.registry.signals import roll_conflicts

        from .roll_conflicts import propose_roll_conflicts

        roll_conflicts.connect(propose_roll_conflicts, dispatch_uid="dedup.roll_conflicts")
