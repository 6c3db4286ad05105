from django.contrib import admin

from tamkeen.core.admin_site import ConfigurationAdmin
from tamkeen.geography.models import Governorate, Office, Region

admin.site.register(Region, ConfigurationAdmin)
admin.site.register(
    Governorate, ConfigurationAdmin, list_display=("code", "name_ar", "name_en", "region", "population")
)
admin.site.register(
    Office,
    ConfigurationAdmin,
    list_display=("code", "kind", "name_ar", "name_en", "region", "case_worker_rule"),
)
