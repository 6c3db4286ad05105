"""Demo targets: for each office and Hijri year from 1439, families and members to empower.

A target is about 5 % of the office's households a year (rising by a tenth of a point each year), rounded, and
members about 1.2 families; the manager edits them on the targets page.
"""

from django.db.models import Count
from django.utils import timezone

from tamkeen.core.hijri import hijri_year_of
from tamkeen.geography.models import Office
from tamkeen.reports.models import Target

FIRST_YEAR = 1439


def seed(ctx) -> None:
    current = hijri_year_of(timezone.localdate())
    sizes = dict(Office.objects.annotate(n=Count("households")).values_list("pk", "n"))
    rows = []
    for office_id, households in sizes.items():
        if not households:
            continue
        for index, year in enumerate(range(FIRST_YEAR, current + 1)):
            families = max(1, round(households * (0.05 + 0.001 * index)))
            rows.append(
                Target(
                    office_id=office_id,
                    year=year,
                    calendar="hijri",
                    empowered_families=families,
                    empowered_members=round(families * 1.2),
                )
            )
    Target.objects.bulk_create(rows, ignore_conflicts=True)
    ctx.count("targets", len(rows))
