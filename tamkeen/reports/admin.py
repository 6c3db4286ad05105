from django.contrib import admin

from tamkeen.core.admin_site import ConfigurationMixin

from .models import Target


@admin.register(Target)
class TargetAdmin(ConfigurationMixin, admin.ModelAdmin):
    list_display = ["office", "year", "calendar", "empowered_families", "empowered_members"]
