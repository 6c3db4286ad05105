"""The slower panels that read the other apps' tables: exits, the funnel from eligible to retained, partner response
times, seats and the six dimensions. Each is cached for a few minutes and shows when it was computed. The
models are imported, not looked up by label: a renamed model fails loudly instead of silently emptying a panel."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tamkeen.assessments.models import Assessment, Dimension
from tamkeen.cases.models import CaseExit, EmpowermentPlan
from tamkeen.core.kept import kept
from tamkeen.opportunities.models import Opportunity, Track
from tamkeen.outcomes.counting import year_range
from tamkeen.outcomes.models import Outcome
from tamkeen.referrals.models import Referral

from .figures import retention_table
from .scope import Scope, office_ids_of
from .table import Table, percent

SLOW_PANEL_SECONDS = 600
# A referral the partner accepted, whatever became of it afterwards.
REFERRAL_TAKEN_UP = [
    Referral.Status.ACCEPTED,
    Referral.Status.ENROLLED,
    Referral.Status.STARTED,
    Referral.Status.COMPLETED,
    Referral.Status.DROPPED_OUT,
]


def exits_table(scope: Scope, year: int, calendar: str) -> Table:
    start, end = year_range(year, calendar)
    counts = dict(
        CaseExit.objects.filter(
            exited_on__range=(start, end),
            household__office_id__in=office_ids_of(scope),
            reentered_at__isnull=True,
        )
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    labels = dict(CaseExit.Kind.choices)
    return Table(
        name="exits",
        title=_("Exits: graduation and sanction, never mixed"),
        columns=[_("Exit"), _("Households")],
        rows=[[str(labels[k]), counts.get(k, 0)] for k in ("graduated", "sanction")],
        keys=["graduated", "sanction"],
        by="exit",
    )


def _cached(name: str, scope: Scope, year: int, calendar: str, build):
    """(rows, when computed): one request computes a panel at a time (the funnel's eligible count is ~4.5 s at
    1,000,000 households), the others show the last one meanwhile."""
    key = f"reports:{name}:{scope.cache_key}:{year}:{calendar}"
    return kept(key, SLOW_PANEL_SECONDS, lambda: (build(), timezone.now()))


def funnel_table(scope: Scope, year: int, calendar: str) -> Table:
    """eligible → assessed → planned → referred → accepted → completed/hired/financed → verified → retained."""

    def build():
        from tamkeen.registry.models import Member
        from tamkeen.registry.selectors import members_in_programme_scope

        start, end = year_range(year, calendar)
        office_ids = office_ids_of(scope)
        members = Member.objects.filter(household__office_id__in=office_ids)
        steps = [
            (
                _("Eligible (able or rehabilitable, not exempt)"),
                members_in_programme_scope(members, min(end, timezone.localdate()))
                .filter(work_capacity__in=[Member.WorkCapacity.ABLE, Member.WorkCapacity.REHABILITABLE])
                .count(),
            )
        ]
        steps.append(
            (
                _("Assessed"),
                Assessment.objects.filter(
                    member__household__office_id__in=office_ids, completed_at__isnull=False
                )
                .values("member_id")
                .distinct()
                .count(),
            )
        )
        steps.append(
            (
                _("Plan approved"),
                EmpowermentPlan.objects.filter(
                    member__household__office_id__in=office_ids, status=EmpowermentPlan.Status.APPROVED
                )
                .values("member_id")
                .distinct()
                .count(),
            )
        )
        referrals = Referral.objects.filter(office_id__in=office_ids, sent_at__date__range=(start, end))
        steps.append((_("Referred in the year"), referrals.values("member_id").distinct().count()))
        steps.append(
            (
                _("Accepted"),
                referrals.filter(status__in=REFERRAL_TAKEN_UP).values("member_id").distinct().count(),
            )
        )
        outcomes = Outcome.objects.filter(office_id__in=office_ids, date__range=(start, end))
        steps.append(
            (
                _("Completed, hired or financed (reported)"),
                outcomes.exclude(verification_status=Outcome.Status.REFUTED)
                .values("member_id")
                .distinct()
                .count(),
            )
        )
        steps.append(
            (
                _("Verified"),
                outcomes.filter(verification_status=Outcome.Status.VERIFIED)
                .values("member_id")
                .distinct()
                .count(),
            )
        )
        retained = retention_table(scope, year, calendar)
        steps.append((_("Still employed after 6 months"), retained.rows[1][2]))
        steps.append((_("Still employed after 12 months"), retained.rows[2][2]))
        return [[str(label), value] for label, value in steps]

    rows, at = _cached("funnel", scope, year, calendar, build)
    return Table(
        as_of=at,
        name="funnel",
        title=_("From eligible to retained"),
        columns=[_("Step"), _("Members")],
        rows=rows,
        bar_column=1,
        bar_unit=_("members"),
        by="funnel",
    )


def partner_response_table(scope: Scope, year: int, calendar: str) -> Table:

    def build():
        start, end = year_range(year, calendar)
        rows = (
            Referral.objects.filter(office_id__in=office_ids_of(scope), sent_at__date__range=(start, end))
            .values(
                "opportunity__entity__code", "opportunity__entity__name_ar", "opportunity__entity__name_en"
            )
            .annotate(
                sent=Count("id"),
                answered=Count("id", filter=Q(answered_at__isnull=False)),
                expired=Count("id", filter=Q(status=Referral.Status.EXPIRED)),
                wait=Avg(F("answered_at") - F("sent_at"), filter=Q(answered_at__isnull=False)),
            )
            .order_by("opportunity__entity__code")
        )
        english = (get_language() or "ar").startswith("en")
        out = []
        for row in rows:
            wait = row["wait"]
            days = round(wait.total_seconds() / 86400, 1) if isinstance(wait, timedelta) else None
            name = row["opportunity__entity__name_en"] if english else row["opportunity__entity__name_ar"]
            out.append([name, row["sent"], row["answered"], row["expired"], days])
        return out

    rows, at = _cached("partners", scope, year, calendar, build)
    return Table(
        as_of=at,
        name="partners",
        title=_("Partner response times"),
        columns=[
            _("Enabling entity"),
            _("Referrals sent"),
            _("Answered"),
            _("Expired unanswered"),
            _("Average days to answer"),
        ],
        rows=rows,
        bar_column=4,
        bar_unit=_("days"),
        by="entity",
    )


def seat_table(scope: Scope) -> Table:

    def build():
        totals = {
            row["track"]: row
            for row in Opportunity.objects.filter(status=Opportunity.Status.OPEN)
            .values("track")
            .annotate(capacity=Sum("capacity"), taken=Sum("seats_taken"))
        }
        out = []
        for value, label in Track.choices:
            row = totals.get(value, {"capacity": 0, "taken": 0})
            out.append(
                [
                    str(label),
                    row["capacity"] or 0,
                    row["taken"] or 0,
                    percent(row["taken"] or 0, row["capacity"] or 0),
                ]
            )
        return out

    rows, at = _cached("seats", scope, 0, "", build)
    return Table(
        as_of=at,
        name="seats",
        title=_("Seat utilisation of open opportunities"),
        columns=[_("Track"), _("Seats"), _("Taken"), _("Utilisation (percent)")],
        rows=rows,
        bar_column=3,
        bar_unit=_("percent"),
        bar_scale_max=100,
        by="track",
    )


def dimension_table(scope: Scope) -> Table:
    """The average change per dimension between each member's first and latest completed assessment."""

    def build():
        first: dict[int, dict] = {}
        last: dict[int, dict] = {}
        rows = (
            Assessment.objects.filter(
                member__household__office_id__in=office_ids_of(scope), completed_at__isnull=False
            )
            .order_by("member_id", "completed_at")
            .values_list("member_id", "dimension_scores")
            .iterator(chunk_size=5000)
        )
        for member_id, scores in rows:
            first.setdefault(member_id, scores or {})
            last[member_id] = scores or {}
        out = []
        for value, label in Dimension.choices:
            # A dimension left unanswered scores None: it neither counts as a change nor drags the mean.
            changes = [
                float(last[m][value]) - float(first[m][value])
                for m in first
                if first[m] is not last[m]
                and first[m].get(value) is not None
                and last[m].get(value) is not None
            ]
            before = [float(first[m][value]) for m in first if first[m].get(value) is not None]
            mean_before = sum(before) / max(1, len(before))
            out.append(
                [
                    str(label),
                    len(changes),
                    round(mean_before, 2),
                    round(sum(changes) / len(changes), 2) if changes else None,
                ]
            )
        return out

    rows, at = _cached("dimensions", scope, 0, "", build)
    return Table(
        as_of=at,
        name="dimensions",
        title=_("Six dimensions: change between the first and the latest assessment"),
        columns=[
            _("Dimension"),
            _("Members assessed twice"),
            _("Average baseline score"),
            _("Average change"),
        ],
        rows=rows,
        by="dimension",
    )
