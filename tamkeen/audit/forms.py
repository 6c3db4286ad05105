from django import forms
from django.utils.translation import gettext_lazy as _

from tamkeen.core.forms import DualCalendarDateField, NationalIdField
from tamkeen.core.models import AuditEvent

from .selectors import TrailFilter

FILTER_FIELDS = ("member", "user", "action", "object_type", "object_id", "kind", "date_from", "date_to")


class TrailFilterForm(forms.Form):
    """The desk's filters. It is posted (a national ID never goes into a URL) and read back from the query."""

    national_id = NationalIdField(
        label=_("National ID of the person"), required=False, allow_bad_checksum=True
    )
    member = forms.IntegerField(label=_("Member number"), required=False, min_value=1)
    user = forms.CharField(label=_("User (username)"), required=False, max_length=150)
    action = forms.CharField(label=_("Action (or its beginning)"), required=False, max_length=80)
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Record number"), required=False, max_length=64)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Reads and changes")), *AuditEvent.Kind.choices]
    )
    date_from = DualCalendarDateField(label=_("From"), required=False)
    date_to = DualCalendarDateField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def trail_filter(self, member: int | None = None) -> TrailFilter:
        data = self.cleaned_data
        return TrailFilter(
            member=member if member is not None else data.get("member"),
            user=(data.get("user") or "").strip(),
            action=(data.get("action") or "").strip(),
            object_type=(data.get("object_type") or "").strip(),
            object_id=(data.get("object_id") or "").strip(),
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def filter_query(filters: TrailFilter) -> str:
    """The filters as a query string (never a national ID: the person is the member number)."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        value = getattr(filters, name)
        if value not in (None, ""):
            query[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return query.urlencode()
