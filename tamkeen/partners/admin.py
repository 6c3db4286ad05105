from django.contrib import admin

from tamkeen.partners.models import Entity


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_ar",
        "kind",
        "agreement_start",
        "agreement_end",
        "response_days",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ar", "name_en"]
    filter_horizontal = ["governorates"]
