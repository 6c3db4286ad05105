"""Whose figures a dashboard shows (a supervisor's office, a manager's region, every region) and for which years."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from tamkeen.accounts.access import in_visible_regions, regions_visible_to
from tamkeen.core.hijri import hijri_year_of
from tamkeen.geography.models import Office

FIRST_HISTORY_YEAR = {"hijri": 1439, "gregorian": 2017}


@dataclass
class Scope:
    """Whose figures: the manager's region, or a supervisor's own office."""

    region_id: int | None
    office_ids: list[int] | None  # None: every office of the region
    label: str = ""
    offices: list[Office] = field(default_factory=list)

    @property
    def is_office(self) -> bool:
        return self.office_ids is not None

    @property
    def cache_key(self) -> str:
        return f"{self.region_id}:{','.join(map(str, self.office_ids or []))}"


def scope_for(user) -> Scope:
    if user.is_supervisor:
        office = Office.objects.get(pk=user.office_id)
        return Scope(region_id=office.region_id, office_ids=[office.pk], label=office.name, offices=[office])
    offices = list(in_visible_regions(Office.objects.all(), user).order_by("code"))
    if regions_visible_to(user) is None:
        return Scope(region_id=None, office_ids=None, label=_("Every region"), offices=offices)
    region = user.region.name if user.region_id else ""
    return Scope(region_id=user.region_id, office_ids=None, label=region, offices=offices)


def current_year(calendar: str, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return hijri_year_of(today) if calendar == "hijri" else today.year


def year_choices(calendar: str) -> list[int]:
    return list(range(current_year(calendar), FIRST_HISTORY_YEAR[calendar] - 1, -1))


def office_ids_of(scope: Scope) -> list[int]:
    return scope.office_ids if scope.office_ids is not None else [o.pk for o in scope.offices]


def is_every_office(scope: Scope) -> bool:
    return not scope.is_office and len(scope.offices) == Office.objects.count()
