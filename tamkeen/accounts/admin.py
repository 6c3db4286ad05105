from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tamkeen.accounts.models import User
from tamkeen.core.admin_site import ConfigurationMixin
from tamkeen.core.audit import audit_record


@admin.register(User)
class UserAdmin(ConfigurationMixin, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "office", "region", "entity", "phone")}),
    )
    list_display = ("username", "first_name", "last_name", "role", "office", "entity", "is_active")
    list_filter = ("role", "office", "is_active")

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password is a change like any other: audited (that it happened, never the value).
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                audit_record(
                    actor=request.user,
                    action="admin.accounts.user.password_change",
                    object_type="accounts.user",
                    object_id=id,
                    reason="admin",
                )
        return response
