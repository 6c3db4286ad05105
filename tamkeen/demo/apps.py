from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo region: the order in which each app's seed.py runs, the personas, `tamkeen demo`."""

    name = "tamkeen.demo"
    verbose_name = "Demo"
