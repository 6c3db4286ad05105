from django.contrib import admin

from tamkeen.core.admin_site import ConfigurationMixin

from .models import CountingRule, FollowUp, Outcome


@admin.register(CountingRule)
class CountingRuleAdmin(ConfigurationMixin, admin.ModelAdmin):
    list_display = ["effective_from", "employment_kinds", "economic_kinds", "note"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "date", "verification_status", "office", "is_discovered"]
    list_filter = ["kind", "verification_status", "is_discovered"]
    raw_id_fields = ["member", "household", "referral"]
    readonly_fields = [f.name for f in Outcome._meta.fields]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["outcome", "months", "due_on", "result"]
    readonly_fields = [f.name for f in FollowUp._meta.fields]
