from django.contrib import admin

from tamkeen.opportunities.models import Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["code", "title_ar", "entity", "track", "kind", "status", "capacity", "seats_taken"]
    list_filter = ["track", "kind", "status"]
    search_fields = ["code", "title_ar", "title_en"]
    # Seats move only through referral services (one conditional UPDATE), never by hand.
    readonly_fields = ["code", "seats_taken", "created_by"]
