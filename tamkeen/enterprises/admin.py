from django.contrib import admin

from tamkeen.core.admin_site import ConfigurationMixin
from tamkeen.enterprises.models import ApprovedActivity


@admin.register(ApprovedActivity)
class ApprovedActivityAdmin(ConfigurationMixin, admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_en", "is_active", "order"]
    list_editable = ["is_active", "order"]
