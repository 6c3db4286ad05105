from django.contrib import admin

from .models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["office", "year", "calendar", "empowered_families", "empowered_members"]
