from django.contrib import admin

from tamkeen.referrals.models import Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Read-only: every change of state is a named service that checks the actor and leaves an audit record."""

    list_display = ["public_id", "opportunity", "office", "status", "sent_at", "due_by"]
    list_filter = ["status", "source"]
    search_fields = ["public_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
