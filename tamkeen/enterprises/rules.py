"""Pure rules of productive families: certificate validity and income from sales (no ORM)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from tamkeen.core.periods import add_years

CERTIFICATE_VALIDITY_YEARS = 3
RENEWAL_NOTICE_DAYS = 60


def certificate_expiry(issued_on: date) -> date:
    return add_years(issued_on, CERTIFICATE_VALIDITY_YEARS)


def is_due_for_renewal(expires_on: date, today: date, notice_days: int = RENEWAL_NOTICE_DAYS) -> bool:
    """Within the notice window before expiry, or already expired."""
    return expires_on - timedelta(days=notice_days) <= today


def month_key(d: date) -> tuple[int, int]:
    return (d.year, d.month)


def previous_months(today: date, months: int) -> list[tuple[int, int]]:
    """The `months` complete calendar months before `today`'s month, oldest first."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        keys.append((year, month))
    return list(reversed(keys))


def monthly_totals(sales: Iterable[tuple[date, Decimal]]) -> dict[tuple[int, int], Decimal]:
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for sold_on, amount in sales:
        totals[month_key(sold_on)] += Decimal(amount)
    return dict(totals)


def monthly_income(sales: Iterable[tuple[date, Decimal]], *, today: date, months: int = 6) -> Decimal:
    """Average monthly sales over the last `months` complete months (months without sales count as zero)."""
    if months <= 0:
        raise ValueError("months must be positive")
    totals = monthly_totals(sales)
    window = previous_months(today, months)
    total = sum((totals.get(key, Decimal(0)) for key in window), Decimal(0))
    return (total / months).quantize(Decimal("0.01"))
