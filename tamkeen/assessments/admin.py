from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from tamkeen.core.admin_site import ConfigurationMixin

from .models import Assessment, Instrument, Item, Section
from .services import instrument_new_version


class FrozenWhenUsedMixin:
    """An instrument version that assessments have used is frozen; make a new version instead."""

    def _instrument_of(self, obj):
        return obj if isinstance(obj, Instrument) else getattr(obj, "instrument", None)

    def _is_frozen(self, obj) -> bool:
        instrument = self._instrument_of(obj) if obj is not None else None
        return bool(instrument and instrument.pk and instrument.is_used)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._is_frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._is_frozen(obj)


class SectionInline(FrozenWhenUsedMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "code", "kind", "dimension", "track", "name_ar", "name_en"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._is_frozen(obj)


@admin.register(Instrument)
class InstrumentAdmin(ConfigurationMixin, FrozenWhenUsedMixin, admin.ModelAdmin):
    list_display = ["code", "version", "name_ar", "is_active", "supersedes"]
    inlines = [SectionInline]
    actions = ["make_new_version"]
    readonly_fields = ["supersedes"]

    @admin.action(description=_("Make a new version (it supersedes the selected one)"))
    def make_new_version(self, request, queryset):
        for instrument in queryset:
            try:
                new = instrument_new_version(actor=request.user, instrument=instrument)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, str(error), level=messages.ERROR)
            else:
                self.message_user(request, _("Version %(v)s created.") % {"v": new.version})


class ItemInline(FrozenWhenUsedMixin, admin.TabularInline):
    model = Item
    extra = 0
    fields = ["order", "code", "wording_ar", "wording_en", "core_skill", "is_reverse_scored"]

    def _instrument_of(self, obj):
        return obj.instrument if obj is not None else None

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._is_frozen(obj)


@admin.register(Section)
class SectionAdmin(ConfigurationMixin, FrozenWhenUsedMixin, admin.ModelAdmin):
    list_display = ["instrument", "order", "code", "kind", "name_ar"]
    list_filter = ["instrument"]
    inlines = [ItemInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "instrument",
        "assessor",
        "started_at",
        "completed_at",
        "recommended_track",
        "chosen_track",
    ]
    raw_id_fields = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
