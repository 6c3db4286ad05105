from django.contrib import admin

from .models import CaseExit, CaseNote, EmpowermentPlan, HouseholdTransition, PlanAction


class ReadOnlyAdmin(admin.ModelAdmin):
    """Case records change only through the named actions in services.py (checked and audited)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmpowermentPlan)
class EmpowermentPlanAdmin(ReadOnlyAdmin):
    list_display = ["member", "version", "track", "status", "is_current"]
    list_filter = ["status", "track", "is_current"]
    raw_id_fields = ["member"]


@admin.register(PlanAction)
class PlanActionAdmin(ReadOnlyAdmin):
    list_display = ["description", "plan", "due_date", "is_done", "is_overdue"]


@admin.register(HouseholdTransition)
class HouseholdTransitionAdmin(ReadOnlyAdmin):
    list_display = ["household", "outcome_date", "ends_on", "status"]


@admin.register(CaseExit)
class CaseExitAdmin(ReadOnlyAdmin):
    list_display = ["household", "kind", "ground", "exited_on", "reentered_at"]
    list_filter = ["kind"]


@admin.register(CaseNote)
class CaseNoteAdmin(ReadOnlyAdmin):
    # Confidential text is not shown in the admin list.
    list_display = ["member", "author", "is_confidential", "created_at"]
    fields = ["member", "author", "is_confidential", "created_at"]
