"""Where an outcome counts: the office, governorate, gender and disability on the outcome's date.

domain.md §6: "a family is counted once per year, under the office that held its file on the outcome's date".
An outcome is often reported long after its date (a partner's late report, a hire found in a social-insurance
file), and the family may have moved to another office in between. So the values are not copied from the
registry as it is when the outcome is reported, but read back from the registry's history (registry.RecordChange,
written by the forms and the roll import): the current values, with every change recorded after the outcome's
day undone, newest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# The attributed fields, and the keys the registry's history may record them under (the roll writes "office_id",
# a form may write "office").
HOUSEHOLD_FIELDS = {"office_id": ("office_id", "office"), "governorate_id": ("governorate_id", "governorate")}
MEMBER_FIELDS = {"gender": ("gender",), "disability": ("disability",)}
ID_FIELDS = frozenset({"office_id", "governorate_id"})


def state_on(
    current: Mapping, later_changes: Iterable[Mapping], fields: Mapping[str, tuple[str, ...]]
) -> dict:
    """Pure: ``current`` values with ``later_changes`` ({key: [old, new]}, newest first) undone.

    Each change puts back the value the field had before it; after the oldest of the later changes, the state is
    the one that held on the day. A change that does not touch a field leaves it alone.
    """
    state = {name: current.get(name) for name in fields}
    for changes in later_changes:
        for name, keys in fields.items():
            for key in keys:
                pair = changes.get(key)
                if isinstance(pair, list | tuple) and len(pair) == 2:
                    state[name] = pair[0]
                    break
    for name in ID_FIELDS & set(state):
        if state[name] not in (None, ""):
            state[name] = int(state[name])
    return state


def _after(day: date) -> datetime:
    """The first instant after the outcome's day, in the platform's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def attribution_on(member, day: date) -> dict:
    """office_id, governorate_id, gender and disability of the member and their household on ``day``."""
    from tamkeen.registry.models import RecordChange

    household = member.household
    after = _after(day)
    household_changes = (
        RecordChange.objects.filter(household_id=household.pk, member__isnull=True, at__gte=after)
        .order_by("-at", "-id")
        .values_list("changes", flat=True)
    )
    member_changes = (
        RecordChange.objects.filter(member_id=member.pk, at__gte=after)
        .order_by("-at", "-id")
        .values_list("changes", flat=True)
    )
    place = state_on(
        {"office_id": household.office_id, "governorate_id": household.governorate_id},
        household_changes,
        HOUSEHOLD_FIELDS,
    )
    person = state_on(
        {"gender": member.gender, "disability": member.disability}, member_changes, MEMBER_FIELDS
    )
    return {**place, **person, "disability": person["disability"] or "none", "gender": person["gender"] or ""}
