from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "tamkeen.forum"
    verbose_name = _("Empowerment forum")
