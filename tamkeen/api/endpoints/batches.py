"""Batches of rows in the columns of files.md: outcomes from an entity, employment from the verifying body.

Each goes through the same code as its command (``tamkeen import-outcomes``, ``tamkeen import-employment``),
so the summary and the per-row results are the same. Rows are numbered from 1 in the order sent.
"""

from typing import Any

from django.utils import timezone
from ninja import Router, Schema
from pydantic import BaseModel, ConfigDict, Field

from tamkeen.api.endpoints.common import scoped
from tamkeen.api.schemas import Problem
from tamkeen.outcomes.employment import EMPLOYMENT_COLUMNS, apply_spells, spells_from_rows
from tamkeen.referrals.outcome_file import OUTCOME_COLUMNS, apply_outcome_rows

router = Router()
ERRORS = {401: Problem, 403: Problem, 409: Problem, 422: Problem, 429: Problem}
MAX_ROWS = 5000

Cell = str | int | float | None


# Plain pydantic models: ninja's Schema reads attributes and would drop the unknown columns we report.
class OutcomeRowIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    referral_id: Cell = None
    national_id: Cell = None
    opportunity_code: Cell = None
    status: Cell = None
    date: Cell = None
    reason: Cell = None
    amount: Cell = None
    certificate_number: Cell = None


class OutcomeBatch(Schema):
    """Rows of files.md §3: `referral_id` (or `national_id` + `opportunity_code`), `status`, `date`,
    `reason` (to decline or drop out), `amount` (hired, financed), `certificate_number`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rows": [
                        {"referral_id": "R-7KQ2M9XA", "status": "completed", "date": "2026-11-20"},
                        {
                            "referral_id": "R-3HN8P2WD",
                            "status": "dropped_out",
                            "date": "2026-11-18",
                            "reason": "health",
                        },
                    ]
                }
            ]
        }
    )

    rows: list[OutcomeRowIn] = Field(min_length=1, max_length=MAX_ROWS)


class RowResult(Schema):
    row: int
    column: str
    value: str
    reason: str
    current_state: str = ""


class OutcomeSummary(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rows": 2,
                    "applied": 1,
                    "unchanged": 0,
                    "rejected": 1,
                    "rejections": [
                        {
                            "row": 2,
                            "column": "status",
                            "value": "dropped_out",
                            "reason": "invalid_transition",
                            "current_state": "sent",
                        }
                    ],
                    "unknown_columns": [],
                }
            ]
        }
    )

    rows: int
    applied: int
    unchanged: int
    rejected: int
    rejections: list[RowResult]
    unknown_columns: list[str]


class EmploymentRowIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    national_id: Cell = None
    establishment_number: Cell = None
    establishment_name: Cell = None
    wage: Cell = None
    start_date: Cell = None
    end_date: Cell = None


class EmploymentBatch(Schema):
    """Rows of files.md §2: `national_id`, `establishment_number`, `establishment_name`, `wage`,
    `start_date`, `end_date` (empty while the spell is active)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rows": [
                        {
                            "national_id": "1012345672",
                            "establishment_number": "700123456",
                            "establishment_name": "مجموعة الساحل للتجزئة",
                            "wage": 4500,
                            "start_date": "2026-10-01",
                            "end_date": None,
                        }
                    ]
                }
            ]
        }
    )

    rows: list[EmploymentRowIn] = Field(min_length=1, max_length=MAX_ROWS)


class EmploymentSummary(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rows": 1,
                    "verified": 1,
                    "refuted": 0,
                    "unmatched": 0,
                    "rejected": 0,
                    "rejections": [],
                    "unknown_columns": [],
                }
            ]
        }
    )

    rows: int
    verified: int
    refuted: int
    unmatched: int
    rejected: int
    rejections: list[RowResult]
    unknown_columns: list[str]


def _numbered(rows, columns: dict) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    unknown: set[str] = set()
    numbered = []
    for number, row in enumerate(rows, start=1):
        data = row.model_dump()
        unknown |= {k for k in data if k not in columns}
        numbered.append((number, {k: ("" if v is None else v) for k, v in data.items() if k in columns}))
    return numbered, sorted(unknown)


@router.post(
    "/outcomes",
    response={200: OutcomeSummary, **ERRORS},
    operation_id="reportOutcomes",
    summary="Report outcome rows (files.md §3)",
    description="The same summary and per-row results as `tamkeen import-outcomes`; each row applies alone.",
    tags=["outcomes"],
    **scoped("outcomes:write"),
)
def report_outcomes(request, payload: OutcomeBatch):
    client = request.api_client
    rows, unknown = _numbered(payload.rows, OUTCOME_COLUMNS)
    result = apply_outcome_rows(
        rows, entity=client.entity, actor=client.user, today=timezone.localdate(), unknown_columns=unknown
    )
    return {
        **result.summary(),
        "rejections": [vars(r) for r in result.rejections],
        "unknown_columns": result.unknown_columns,
    }


@router.post(
    "/employment",
    response={200: EmploymentSummary, **ERRORS},
    operation_id="reportEmployment",
    summary="Send social-insurance registrations (files.md §2)",
    description=(
        "For the verifying body's client (scope `employment:write`). The same summary and per-row results "
        "as `tamkeen import-employment`; the whole batch applies in one transaction."
    ),
    tags=["employment"],
    **scoped("employment:write"),
)
def report_employment(request, payload: EmploymentBatch):
    client = request.api_client
    rows, unknown = _numbered(payload.rows, EMPLOYMENT_COLUMNS)
    read = spells_from_rows(rows, timezone.localdate(), unknown_columns=unknown)
    result = apply_spells(read, actor=None, label=f"api {client.client_id} ({client.verifier_name})")
    summary = result.as_json()
    return {
        **summary,
        "rejections": [
            {"row": row, "column": column, "value": value, "reason": reason}
            for row, column, value, reason in result.problems
        ],
        "unknown_columns": result.unknown_columns,
    }
