from datetime import date
from itertools import count

from tamkeen.enterprises.models import ApprovedActivity, Enterprise
from tamkeen.enterprises.services import activities_load


def activity(code: str = "sweets") -> ApprovedActivity:
    if not ApprovedActivity.objects.exists():
        activities_load()
    return ApprovedActivity.objects.get(code=code)


_numbers = count(1)


def make_enterprise(household, owner, name: str = "", **fields) -> Enterprise:
    name = name or f"مطبخ فاطمة {next(_numbers)}"
    values = {"activity": activity(), "started_on": date(2024, 1, 15), **fields}
    return Enterprise.objects.create(household=household, owner=owner, name=name, **values)
