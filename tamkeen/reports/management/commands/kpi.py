import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tamkeen.core.exports import TableWriter
from tamkeen.outcomes.counting import BREAKDOWNS, CALENDARS, FIGURES
from tamkeen.reports.rollups import kpi_cached


class Command(BaseCommand):
    # A read-only report: answering fast matters more than re-running the project's system checks.
    requires_system_checks: list = []
    help = "The figures of domain.md §6 (families and members empowered, training completions) for one year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--calendar", choices=CALENDARS, default="hijri")
        parser.add_argument("--by", choices=BREAKDOWNS)
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, year, calendar, by, format, **options):
        try:
            result = kpi_cached(year=year, calendar=calendar, by=by)
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        writer = TableWriter(self.stdout, fmt="csv", lineterminator="\n")
        writer.writerow(["year", "calendar", "from", "to", "by", "key", *FIGURES])
        head = [result["year"], result["calendar"], result["from"], result["to"]]
        writer.writerow([*head, "", "total", *(result[name] for name in FIGURES)])
        for key, figures in result["by"].items():
            writer.writerow([*head, by, key, *(figures[name] for name in FIGURES)])
        sys.stdout.flush()
