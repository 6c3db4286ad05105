"""The admin site: configuration only, and every change it makes is audited.

Domain records (households, members, referrals, outcomes, consents, plans, notes, enterprises, …) change only
through their services, which check who acts and write the audit trail. The admin may edit the configuration
models whose ModelAdmin is marked ConfigurationMixin; every other registered model is shown read-only, whatever its ModelAdmin
says, and opening one that concerns a person is an audited read. Every ModelAdmin registered on this site,
today's or tomorrow's, gets the auditing mixin, so nothing the admin saves or deletes escapes the trail.
"""

from django.contrib import admin
from django.db import models, transaction

from tamkeen.core.audit import _plain, audit_read, audit_record

# The framework's own models the administrator maintains (the apps mark theirs with ConfigurationMixin).
FRAMEWORK_CONFIGURATION = frozenset({"auth.group"})


class ConfigurationMixin:
    """Marks a ModelAdmin as editing configuration (reference data, settings the administrator maintains): its
    changes are audited but not refused. Each app marks its own in its admin.py, so this site names no app."""


class ConfigurationAdmin(ConfigurationMixin, admin.ModelAdmin):
    """A plain admin for a configuration model."""


def is_configuration(model, admin_class=None) -> bool:
    """Whether the model's admin (the one given, else the one registered on this site) edits configuration."""
    if model._meta.label_lower in FRAMEWORK_CONFIGURATION:
        return True
    if admin_class is None:
        registered = admin.site._registry.get(model)
        return isinstance(registered, ConfigurationMixin)
    return issubclass(admin_class, ConfigurationMixin)


def _value(value):
    if isinstance(value, models.QuerySet):
        return sorted(obj.pk for obj in value)
    if isinstance(value, (list, tuple, set)):
        return [_value(v) for v in value]
    return _plain(value)


def _form_changes(form) -> dict:
    if form is None:
        return {}
    changes = {}
    for name in form.changed_data:
        if "password" in name:
            changes[name] = ["…", "…"]  # that it changed, never the value
            continue
        changes[name] = [_value(form.initial.get(name)), _value(form.cleaned_data.get(name))]
    return changes


def _label(obj) -> str:
    return obj._meta.label_lower


class AuditedAdminMixin:
    """Writes an audit record for each add, change and delete made through the admin, in its transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"admin.{_label(obj)}.{'change' if change else 'add'}",
                obj=obj,
                changes=_form_changes(form),
                reason="admin",
            )

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            for formset in formsets:
                for obj in getattr(formset, "new_objects", []):
                    audit_record(
                        actor=request.user, action=f"admin.{_label(obj)}.add", obj=obj, reason="admin"
                    )
                for obj, changed in getattr(formset, "changed_objects", []):
                    audit_record(
                        actor=request.user,
                        action=f"admin.{_label(obj)}.change",
                        obj=obj,
                        changes={name: [None, _value(getattr(obj, name, None))] for name in changed},
                        reason="admin",
                    )
                for obj in getattr(formset, "deleted_objects", []):
                    audit_record(
                        actor=request.user,
                        action=f"admin.{_label(obj)}.delete",
                        object_type=_label(obj),
                        object_id=obj.pk or "",
                        changes={"deleted": [str(obj), None]},
                        reason="admin",
                    )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"admin.{_label(obj)}.delete",
                obj=obj,
                changes={"deleted": [str(obj), None]},
                reason="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit_record(
                    actor=request.user,
                    action=f"admin.{_label(obj)}.delete",
                    obj=obj,
                    changes={"deleted": [str(obj), None]},
                    reason="admin",
                )
            super().delete_queryset(request, queryset)


class ReadOnlyRecordMixin:
    """A domain record seen from the admin: viewable, never added, changed or deleted here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            obj = self.get_object(request, object_id)
            member_id = getattr(obj, "member_id", None)
            if obj is not None and member_id is not None:
                audit_read(
                    actor=request.user, obj=obj, member_id=member_id, action=f"admin.{_label(obj)}.read"
                )
        return response


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        models_ = (
            [model_or_iterable] if isinstance(model_or_iterable, models.base.ModelBase) else model_or_iterable
        )
        for model in models_:
            bases = [AuditedAdminMixin]
            if not is_configuration(model, admin_class):
                bases.append(ReadOnlyRecordMixin)
            guarded = type(
                admin_class.__name__, (*bases, admin_class), {"__module__": admin_class.__module__}
            )
            super().register(model, guarded, **options)
