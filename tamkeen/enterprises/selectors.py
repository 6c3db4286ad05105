"""Reads of productive-family records."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import get_language_bidi, gettext

from tamkeen.core.charts import Chart, bar_chart
from tamkeen.enterprises.models import ApprovedActivity, Certificate, Enterprise, Sale
from tamkeen.enterprises.rules import RENEWAL_NOTICE_DAYS, monthly_income, monthly_totals, previous_months


def active_activities() -> QuerySet[ApprovedActivity]:
    return ApprovedActivity.objects.filter(is_active=True)


def enterprise_monthly_income(enterprise: Enterprise, *, today: date, months: int = 6) -> Decimal:
    since = date(*previous_months(today, months)[0], 1)
    rows = Sale.objects.filter(enterprise=enterprise, sold_on__gte=since, sold_on__lt=today.replace(day=1))
    return monthly_income(rows.values_list("sold_on", "amount"), today=today, months=months)


def enterprise_sales_by_month(enterprise: Enterprise, *, today: date, months: int = 12) -> list[dict]:
    window = previous_months(today, months)
    since = date(*window[0], 1)
    totals = monthly_totals(
        Sale.objects.filter(enterprise=enterprise, sold_on__gte=since).values_list("sold_on", "amount")
    )
    return [{"month": date(y, m, 1), "total": totals.get((y, m), Decimal(0))} for (y, m) in window]


def sales_chart(by_month: list[dict]) -> Chart:
    return bar_chart(
        # The month by name ("نوفمبر 2025"): "2025-11" would read "11-2025" in Arabic.
        [(date_format(row["month"], "F Y"), [row["total"]]) for row in by_month],
        title=gettext("Sales in the last twelve months"),
        unit=gettext("SAR"),
        series=[gettext("Sales")],
        rtl=get_language_bidi(),
        label_heading=gettext("Month"),
        key="sales",
    )


def enterprise_totals(enterprise: Enterprise) -> dict:
    return {
        "sales": enterprise.sales.aggregate(total=Sum("amount"))["total"] or Decimal(0),
        "financing": enterprise.financings.aggregate(total=Sum("amount"))["total"] or Decimal(0),
    }


def current_certificate(enterprise: Enterprise, *, today: date) -> Certificate | None:
    return (
        enterprise.certificates.filter(issued_on__lte=today, expires_on__gte=today)
        .order_by("-expires_on")
        .first()
    )


def certificates_due_for_renewal(
    *, today: date, notice_days: int = RENEWAL_NOTICE_DAYS
) -> QuerySet[Certificate]:
    """Certificates expiring within the notice window (not yet reminded) whose enterprise has no later one."""
    return (
        Certificate.objects.filter(
            reminder_sent_on__isnull=True,
            expires_on__lte=today + timedelta(days=notice_days),
            expires_on__gte=today - timedelta(days=notice_days),
            enterprise__is_active=True,
        )
        .exclude(enterprise__certificates__expires_on__gt=today + timedelta(days=notice_days))
        .select_related("enterprise")
    )


def enterprise_list(visible: QuerySet[Enterprise], *, activity: str = "") -> QuerySet[Enterprise]:
    # No sale counts as zero, so "highest sales first" orders the same on every database (NULLs sort apart).
    total = Coalesce(
        Sum("sales__amount"), Value(Decimal(0)), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    qs = visible.select_related("household", "activity", "owner").annotate(total_sales=total)
    if activity:
        qs = qs.filter(activity__code=activity)
    return qs.order_by("household__file_number", "name")
