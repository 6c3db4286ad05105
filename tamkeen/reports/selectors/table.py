"""A table on the dashboard: drawn as bars, exported as CSV or XLSX, each figure cell opening its records."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import get_language_bidi

from tamkeen.core.charts import Chart, bar_chart


def percent(part: int, whole: int) -> int | None:
    return None if not whole else round(100 * part / whole)


@dataclass
class Table:
    """A table shown on the dashboard, drawn as bars, and exported as CSV or XLSX."""

    name: str
    title: str
    columns: list[str]
    rows: list[list]
    bar_column: int | None = None  # which column the bar chart draws
    bar_unit: str = ""  # what the drawn column counts
    bar_scale_max: int | None = None  # a share is drawn out of 100
    keys: list[str] = field(default_factory=list)  # the breakdown key of each row, for drill-downs
    by: str = ""
    figure_columns: dict[int, str] = field(default_factory=dict)  # column → the figure its cells open
    linked: list = field(default_factory=list)
    as_of: object = None  # when a cached panel was computed

    def linked_rows(self, year: int, calendar: str) -> list[list[dict]]:
        """Each cell with the drill-down query of the records behind it (empty when it has none)."""
        # The query's parts encoded once per column and per row, not once per cell (the same text as encoding
        # each cell's whole query: urlencode joins its pairs with "&" in order).
        if self.by == "year":
            columns = {i: urlencode({"figure": figure}) for i, figure in self.figure_columns.items()}
        else:
            columns = {
                i: urlencode({"figure": figure, "year": year, "calendar": calendar, "by": self.by})
                for i, figure in self.figure_columns.items()
            }
        out = []
        for row, key in zip(self.rows, self.keys or [""] * len(self.rows), strict=True):
            if self.by == "year":
                tail = urlencode({"year": key, "calendar": calendar})
            else:
                tail = urlencode({"key": key})
            out.append(
                [
                    {"value": value, "query": f"{columns[i]}&{tail}" if i in columns and value else ""}
                    for i, value in enumerate(row)
                ]
            )
        return out

    @property
    def chart(self) -> Chart | None:
        """The drawn column as the platform's bar chart; the panel shows the full table beside it."""
        if self.bar_column is None:
            return None
        return bar_chart(
            [(row[0], [row[self.bar_column]]) for row in self.rows],
            title=self.columns[self.bar_column],
            unit=self.bar_unit,
            series=[self.columns[self.bar_column]],
            rtl=get_language_bidi(),
            scale_max=self.bar_scale_max,
            decimals=1 if self.name == "partners" else 0,
            show_table=False,
            key=f"chart-{self.name}",
        )
