from django.contrib import admin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The retention schedule is configuration: a new period is a new dated row, the old one stays."""

    list_display = ("kind", "effective_from", "keep_days", "note")
    list_filter = ("kind",)
