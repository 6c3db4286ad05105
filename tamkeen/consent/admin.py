from django.contrib import admin

from tamkeen.consent.models import Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read-only: consent records are never edited, only superseded through the services."""

    list_display = ["member", "entity", "purpose", "given_via", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "given_via"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
