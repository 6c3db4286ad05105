from django.contrib import admin

from tamkeen.matching.models import MatchRun, RejectedPair


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "office", "track", "status", "members", "assigned", "total_score", "created_at")
    list_filter = ("status", "track")
    readonly_fields = [f.name for f in MatchRun._meta.fields]


@admin.register(RejectedPair)
class RejectedPairAdmin(admin.ModelAdmin):
    list_display = ("member", "opportunity", "reason", "rejected_by", "created_at")
    raw_id_fields = ("member", "opportunity", "referral")
