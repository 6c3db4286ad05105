from django.contrib import admin

from tamkeen.core.admin_site import ConfigurationMixin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(ConfigurationMixin, admin.ModelAdmin):
    """The retention schedule is configuration: a new period is a new dated row, the old one stays."""

    list_display = ("kind", "effective_from", "keep_days", "note")
    list_filter = ("kind",)
