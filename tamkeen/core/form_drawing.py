"""An empty form's HTML, drawn once per process for what it shows.

Django draws a form through a template per field, per widget and per option of a select: the forum event page's
two empty forms (twelve fields, two lists of the active entities) were about 40 % of its CPU. An unbound form
draws the same HTML for the same fields (labels, help, widgets, choices) in the same language, so the drawing is
kept under all of those: a choice list read from the database (the active entities) is read each time and is
part of the key, so a changed list is a new drawing. A bound form (its values, its errors) is always drawn.
"""

from __future__ import annotations

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import get_language

MAX_DRAWINGS = 256
_drawings: dict[tuple, SafeString] = {}


def _field_key(name: str, field: forms.Field) -> tuple | None:
    if callable(field.initial):
        return None  # a moving default (now, today): drawn each time
    widget = field.widget
    # Only a widget that lists its choices draws them (a ModelChoiceField typed as a number lists nothing, and
    # reading its choices would read the whole table).
    choices = (
        tuple((str(value), str(label)) for value, label in widget.choices)
        if isinstance(widget, forms.widgets.ChoiceWidget)
        else ()
    )
    return (
        name,
        type(field),
        type(widget),
        str(field.label),
        str(field.help_text),
        field.required,
        field.disabled,
        repr(field.initial),
        repr(sorted(widget.attrs.items())),
        choices,
    )


def as_div_once(form: forms.BaseForm) -> SafeString:
    """``form.as_div()``, drawn once per language, fields and choices while the form is unbound."""
    if form.is_bound or form.initial:
        return form.as_div()
    fields = [_field_key(name, field) for name, field in form.fields.items()]
    if None in fields:
        return form.as_div()
    key = (type(form), form.prefix, form.auto_id, form.use_required_attribute, get_language(), tuple(fields))
    html = _drawings.get(key)
    if html is None:
        html = form.as_div()
        if len(_drawings) >= MAX_DRAWINGS:
            _drawings.clear()
        _drawings[key] = html
    return html
