from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from tamkeen.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "office", "region", "entity", "phone")}),
    )
    list_display = ("username", "first_name", "last_name", "role", "office", "entity", "is_active")
    list_filter = ("role", "office", "is_active")
