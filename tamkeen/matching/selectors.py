"""Reads for the matcher: who is in scope, what is open, and both loaded into the arrays scoring works on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
from django.db.models import Count, F, Q
from django.utils import timezone

from tamkeen.assessments.models import Assessment
from tamkeen.cases.models import EmpowermentPlan
from tamkeen.core.periods import age_on
from tamkeen.core.rules import rule_values_on
from tamkeen.geography.models import Governorate, Office
from tamkeen.matching import scoring
from tamkeen.matching.models import RejectedPair
from tamkeen.matching.scoring import ANY, MemberArrays, OpportunityArrays
from tamkeen.opportunities.models import Opportunity
from tamkeen.referrals.models import OPEN_STATUSES, Source, Status
from tamkeen.registry.models import AccommodationNeed, Household, Member
from tamkeen.registry.selectors import members_in_programme_scope

# Words in a member's free-text skills that point to an ISCO-08 major group (Arabic and English).
SKILL_WORDS: dict[int, tuple[str, ...]] = {
    1: ("إدارة", "management", "manager"),
    2: ("تعليم", "تدريس", "teaching", "محاسب", "accounting", "برمجة", "programming", "هندسة", "engineer"),
    3: ("تمريض", "nursing", "فني", "technician", "مختبر", "laboratory"),
    4: ("حاسب", "computer", "إدخال بيانات", "data entry", "سكرتارية", "secretar", "أرشفة", "clerical"),
    5: ("بيع", "مبيعات", "sales", "طبخ", "cooking", "تجميل", "beauty", "خدمة عملاء", "customer", "ضيافة"),
    6: ("زراعة", "farming", "agricultur", "صيد", "fishing", "رعي", "herding"),
    7: (
        "خياطة",
        "sewing",
        "تطريز",
        "embroider",
        "نجارة",
        "carpent",
        "كهرباء",
        "electric",
        "سباكة",
        "plumb",
        "صيانة",
        "maintenance",
        "حرف",
        "craft",
    ),
    8: ("قيادة", "driving", "سائق", "driver", "تشغيل آلات", "machine"),
    9: ("تنظيف", "cleaning", "تغليف", "packing", "عامل", "labour"),
}


def skill_groups_of(text: str) -> int:
    lowered = (text or "").casefold()
    mask = 0
    for group, words in SKILL_WORDS.items():
        if any(word in lowered for word in words):
            mask |= 1 << group
    return mask


def members_in_scope(*, office: Office | None = None, track: str = ""):
    """Members a run may propose for: able or rehabilitable, active household, not exempt, not employed,
    without an open referral; of one office when given; on the given track's plans (or without a plan)."""
    members = members_in_programme_scope(Member.objects.all(), timezone.localdate())
    members = members.filter(
        work_capacity__in=[Member.WorkCapacity.ABLE, Member.WorkCapacity.REHABILITABLE],
        household__status=Household.Status.ACTIVE,
    ).exclude(employment_status__in=[Member.EmploymentStatus.EMPLOYED, Member.EmploymentStatus.SELF_EMPLOYED])
    members = members.exclude(referrals__status__in=OPEN_STATUSES)
    if office is not None:
        members = members.filter(household__office=office)
    if track:
        other_track = EmpowermentPlan.objects.filter(
            is_current=True, status=EmpowermentPlan.Status.APPROVED
        ).exclude(track=track)
        members = members.exclude(pk__in=other_track.values("member_id"))
    return members.distinct()


def open_opportunities(*, track: str = ""):
    opportunities = Opportunity.objects.filter(status=Opportunity.Status.OPEN, capacity__gt=F("seats_taken"))
    if track:
        opportunities = opportunities.filter(track=track)
    return opportunities.annotate(proposed=Count("referrals", filter=Q(referrals__status=Status.PROPOSED)))


def matcher_proposals(queryset):
    return queryset.filter(source=Source.MATCHER, status=Status.PROPOSED)


def runs_of(queryset, office: Office | None):
    return queryset.filter(office=office) if office is not None else queryset


@dataclass
class LoadedInstance:
    members: MemberArrays
    opportunities: OpportunityArrays
    bands: np.ndarray
    member_ids: np.ndarray
    opportunity_ids: np.ndarray
    excluded: np.ndarray  # (e, 2) indices of rejected pairs
    shares: scoring.PriorityShares = scoring.DEFAULT_PRIORITY_SHARES  # the Saudization weighting in force


def priority_shares_on(day: date) -> scoring.PriorityShares:
    """The priority shares (the Saudization weighting) in force on ``day``."""
    default = asdict(scoring.DEFAULT_PRIORITY_SHARES)
    return scoring.PriorityShares(**rule_values_on(scoring.PRIORITY_RULE, day, default))


def _code(values, value) -> int:
    try:
        return values.index(value)
    except ValueError:
        return ANY


def load_instance(members_qs, opportunities_qs, today: date) -> LoadedInstance:
    governorates = list(Governorate.objects.order_by("pk").values_list("pk", "latitude", "longitude"))
    gov_index = {pk: i for i, (pk, _lat, _lon) in enumerate(governorates)}
    bands = scoring.distance_bands(
        [lat if lat is not None else np.nan for _pk, lat, _lon in governorates],
        [lon if lon is not None else np.nan for _pk, _lat, lon in governorates],
    )
    office_index = {pk: i for i, pk in enumerate(Office.objects.order_by("pk").values_list("pk", flat=True))}

    rows = list(
        members_qs.values_list(
            "pk",
            "gender",
            "birth_date",
            "education",
            "national_id",
            "work_capacity",
            "disability",
            "skills",
            "household_id",
            "household__monthly_income",
            "household__governorate_id",
            "household__office_id",
            "household__registered_on",
        )
    )
    n = len(rows)
    member_ids = np.array([r[0] for r in rows], dtype=np.int64)
    at = {pk: i for i, pk in enumerate(member_ids.tolist())}
    household_ids = {r[8] for r in rows}
    sizes = dict(
        Member.objects.filter(household_id__in=household_ids)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    readiness = np.full((n, 3), np.nan, dtype=np.float32)
    preferred = np.full(n, ANY, dtype=np.int8)
    latest = (
        Assessment.objects.filter(member_id__in=at, completed_at__isnull=False)
        .order_by("member_id", "completed_at", "pk")
        .values_list("member_id", "track_scores", "chosen_track")
    )
    for member_id, track_scores, chosen in latest:  # later rows overwrite earlier ones: the latest wins
        i = at[member_id]
        for t, name in enumerate(scoring.TRACKS):
            value = (track_scores or {}).get(name)
            readiness[i, t] = np.nan if value is None else min(max((float(value) - 1) / 4, 0), 1)
        preferred[i] = _code(scoring.TRACKS, chosen)
    needs = np.zeros(n, dtype=np.uint8)
    # Only needs recorded under an active accommodation consent are used (registry.AccommodationNeed.usable).
    for member_id, kind in (
        AccommodationNeed.objects.usable().filter(member_id__in=at).values_list("member_id", "kind")
    ):
        needs[at[member_id]] |= np.uint8(scoring.need_mask([kind]))
    plan_track = np.full(n, ANY, dtype=np.int8)
    for member_id, track in EmpowermentPlan.objects.filter(
        member_id__in=at, is_current=True, status=EmpowermentPlan.Status.APPROVED
    ).values_list("member_id", "track"):
        plan_track[at[member_id]] = _code(scoring.TRACKS, track)

    def months_since(day):
        return 0.0 if day is None else max((today - day).days / 30.44, 0.0)

    members = MemberArrays(
        gender=np.array([1 if r[1] == "F" else 0 for r in rows], dtype=np.int8),
        age=np.array([age_on(r[2], today) for r in rows], dtype=np.int16),
        education=np.array([_code(scoring.EDUCATION_LEVELS, r[3]) for r in rows], dtype=np.int8),
        nationality=np.array([{"1": 0, "2": 1}.get(r[4][:1], ANY) for r in rows], dtype=np.int8),
        work_capacity=np.array([_code(scoring.WORK_CAPACITIES, r[5]) for r in rows], dtype=np.int8),
        certificates=np.zeros(n, dtype=np.uint64),  # the registry records no certificates yet
        household_income=np.array([np.nan if r[9] is None else float(r[9]) for r in rows], dtype=np.float64),
        disability=np.array([_code(scoring.DISABILITY_TYPES, r[6]) for r in rows], dtype=np.int8),
        governorate=np.array([gov_index[r[10]] for r in rows], dtype=np.int16),
        office=np.array([office_index[r[11]] for r in rows], dtype=np.int32),
        readiness=readiness,
        preferred_track=preferred,
        preferred_occupation=np.full(n, ANY, dtype=np.int8),
        skill_groups=np.array([skill_groups_of(r[7]) for r in rows], dtype=np.uint16),
        months_on_security=np.array([months_since(r[12]) for r in rows], dtype=np.float32),
        household_size=np.array([sizes.get(r[8], 1) for r in rows], dtype=np.int16),
        plan_track=plan_track,
        needs=needs,
    )

    opps = list(opportunities_qs)
    vocabulary: dict[str, int] = {}
    for o in opps:
        key = (o.required_certificate or "").strip().casefold()
        if key and key not in vocabulary:
            vocabulary[key] = min(len(vocabulary), 63)

    def optional(value):
        return ANY if value is None else int(value)

    def capacities(values):
        return sum(
            1 << scoring.WORK_CAPACITIES.index(v) for v in (values or []) if v in scoring.WORK_CAPACITIES
        )

    opportunities = OpportunityArrays(
        track=np.array([_code(scoring.TRACKS, o.track) for o in opps], dtype=np.int8),
        gender=np.array([{"M": 0, "F": 1}.get(o.gender, ANY) for o in opps], dtype=np.int8),
        min_age=np.array([optional(o.min_age) for o in opps], dtype=np.int16),
        max_age=np.array([optional(o.max_age) for o in opps], dtype=np.int16),
        min_education=np.array(
            [_code(scoring.EDUCATION_LEVELS, o.min_education) for o in opps], dtype=np.int8
        ),
        nationality=np.array(
            [{"citizen": 0, "resident": 1}.get(o.nationality, ANY) for o in opps], dtype=np.int8
        ),
        work_capacities=np.array([capacities(o.work_capacities) for o in opps], dtype=np.uint8),
        max_income=np.array(
            [np.nan if o.max_household_income is None else float(o.max_household_income) for o in opps],
            dtype=np.float64,
        ),
        required_certificate=np.array(
            [vocabulary.get((o.required_certificate or "").strip().casefold(), ANY) for o in opps],
            dtype=np.int8,
        ),
        is_disability_friendly=np.array([o.is_disability_friendly for o in opps], dtype=bool),
        governorate=np.array([gov_index.get(o.governorate_id, 0) for o in opps], dtype=np.int16),
        is_online=np.array(
            [o.mode == Opportunity.Mode.ONLINE or o.governorate_id is None for o in opps], dtype=bool
        ),
        occupation_group=np.array(
            [int(o.isco08[0]) if o.isco08[:1].isdigit() else ANY for o in opps], dtype=np.int8
        ),
        open_seats=np.array(
            [max(o.capacity - o.seats_taken - getattr(o, "proposed", 0), 0) for o in opps], dtype=np.int32
        ),
    )
    opportunities.features = np.array(
        [
            scoring.feature_mask(o.accessibility_features)
            | (scoring.REMOTE_BIT if opportunities.is_online[j] else 0)
            for j, o in enumerate(opps)
        ],
        dtype=np.uint8,
    )
    opportunity_ids = np.array([o.pk for o in opps], dtype=np.int64)
    opp_at = {pk: j for j, pk in enumerate(opportunity_ids.tolist())}
    excluded = [
        (at[m], opp_at[o])
        for m, o in RejectedPair.objects.filter(member_id__in=at, opportunity_id__in=opp_at).values_list(
            "member_id", "opportunity_id"
        )
    ]
    return LoadedInstance(
        members,
        opportunities,
        bands,
        member_ids,
        opportunity_ids,
        np.array(excluded, dtype=np.int64).reshape(-1, 2),
        priority_shares_on(today),
    )


def member_row(loaded: LoadedInstance, i: int) -> dict:
    return {name: (v[i].tolist() if v.ndim > 1 else v[i].item()) for name, v in vars(loaded.members).items()}


def opportunity_row(loaded: LoadedInstance, j: int) -> dict:
    return {name: v[j].item() for name, v in vars(loaded.opportunities).items()}


def recent_runs(queryset, limit: int = 20):
    return queryset.select_related("office", "started_by")[:limit]


def proposals_for(queryset):
    return (
        matcher_proposals(queryset)
        .select_related("member", "opportunity__entity")
        .order_by("-match_score", "pk")
    )


def proposals_filtered(queryset, *, name: str = "", track: str = "", minimum: float | None = None):
    """The proposals page's filters: part of the member's name, the opportunity's track, a lowest score."""
    for part in name.split():
        queryset = queryset.filter(
            Q(member__first_name__icontains=part)
            | Q(member__father_name__icontains=part)
            | Q(member__family_name__icontains=part)
        )
    if track:
        queryset = queryset.filter(opportunity__track=track)
    if minimum is not None:
        queryset = queryset.filter(match_score__gte=minimum)
    return queryset
