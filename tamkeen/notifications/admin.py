from django.contrib import admin

from .models import Message, Preference


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "channel", "to_address", "status", "attempts")
    list_filter = ("status", "channel")
    search_fields = ("event", "to_address")
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("member", "user", "language", "is_opted_out", "is_registry_mobile_wrong")
    raw_id_fields = ("member", "user")
