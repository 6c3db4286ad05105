"""Economic outcomes from productive-family records (financing decisions, certificates, freelance documents).

The outcomes app owns outcomes; this is the one place enterprises hands such a fact over, inside the caller's
transaction. The outcome is *reported*; it counts once verified (domain.md §6).
"""

from datetime import date
from decimal import Decimal

from tamkeen.outcomes.services import outcome_report


def record_economic_outcome(
    *,
    actor,
    member,
    kind: str,
    on: date,
    entity=None,
    amount: Decimal | None = None,
    certificate_number: str = "",
    valid_until: date | None = None,
    note: str = "",
):
    """kind: project_financed, productive_family_certificate or freelance_document."""
    return outcome_report(
        actor=actor,
        member=member,
        kind=kind,
        date=on,
        entity=entity,
        financing_body=entity if kind == "project_financed" else None,
        amount=amount,
        certificate_number=certificate_number,
        valid_until=valid_until,
        note=note,
    )
