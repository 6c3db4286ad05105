from django.contrib import admin

from tamkeen.geography.models import Governorate, Office, Region

admin.site.register(Region)
admin.site.register(Governorate, list_display=("code", "name_ar", "name_en", "region", "population"))
admin.site.register(Office, list_display=("code", "kind", "name_ar", "name_en", "region", "case_worker_rule"))
