from django.contrib import admin

from tamkeen.core.admin_site import ConfigurationMixin
from tamkeen.partners.models import Entity


@admin.register(Entity)
class EntityAdmin(ConfigurationMixin, admin.ModelAdmin):
    """Read-only: entities are created, edited and suspended on the managers' pages (/partners/), whose
    services check the region and write the audit trail; an edit here would bypass both."""

    list_display = [
        "code",
        "name_ar",
        "kind",
        "agreement_start",
        "agreement_end",
        "response_days",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
