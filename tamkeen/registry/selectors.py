"""Reads for the registry pages: search, a household's history."""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from django.db import connection
from django.db.models import Case, Min, Prefetch, Q, QuerySet, Value, When

from tamkeen.core.digits import is_ascii_digits, normalise_digits
from tamkeen.core.names import name_tokens
from tamkeen.core.periods import latest_birth_date_for_age
from tamkeen.core.phones import InvalidPhone, parse_mobile

from .access import members_visible_to
from .models import Household, Member, RecordChange, ReviewFlag
from .rules import DEFAULT_SCOPE_AGES, SCOPE_RULE, ScopeAges

MIN_QUERY_LENGTH = 3


def scope_ages_on(day: date) -> ScopeAges:
    """The programme-scope ages in force on ``day`` (dated configuration; the default before any version)."""
    from dataclasses import asdict

    from tamkeen.core.rules import rule_values_on

    return ScopeAges(**rule_values_on(SCOPE_RULE, day, asdict(DEFAULT_SCOPE_AGES)))


def members_in_programme_scope(
    members: QuerySet[Member], on: date, ages: ScopeAges | None = None
) -> QuerySet[Member]:
    """The queryset twin of ``rules.member_scope``: the members it puts in scope on ``on``, in SQL, under the
    ages in force on ``on`` (or ``ages`` when given).

    Every count of "eligible" members (matching, the funnel, forum invitations) uses this, so the figures
    cannot disagree; tests/test_scope_twin.py checks it against the pure rule on random members."""
    ages = ages or scope_ages_on(on)
    return (
        members.filter(
            birth_date__lte=latest_birth_date_for_age(ages.min_age, on),
            birth_date__gt=latest_birth_date_for_age(ages.max_age + 1, on),
        )
        .exclude(work_capacity=Member.WorkCapacity.NOT_REHABILITABLE)
        .exclude(
            is_full_time_student=True,
            birth_date__lte=latest_birth_date_for_age(ages.student_min_age, on),
            birth_date__gt=latest_birth_date_for_age(ages.student_max_age + 1, on),
        )
        .exclude(is_caregiver=True)
    )


_TRIGRAM_REGISTERED = False


def _trigram_lookup_available() -> bool:
    """``__trigram_similar`` on PostgreSQL (the pg_trgm index of migration 0003 serves it)."""
    global _TRIGRAM_REGISTERED
    if connection.vendor != "postgresql":
        return False
    if not _TRIGRAM_REGISTERED:
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.db.models import CharField

        CharField.register_lookup(TrigramSimilar)
        _TRIGRAM_REGISTERED = True
    return True


def _search_text(query: str) -> str:
    return " ".join(normalise_digits(query or "").split())


def _number_lookups(compact: str) -> list[Q]:
    """The lookups a number may be: a national ID, a file number, a mobile. Each has its own index."""
    lookups = [Q(national_id=compact), Q(household__file_number=compact)]
    with suppress(InvalidPhone):
        lookups.append(Q(phone=parse_mobile(compact)))
    return lookups


def _as_number(text: str) -> str | None:
    compact = text.replace(" ", "").replace("-", "")
    if compact.lstrip("+").isascii() and is_ascii_digits(compact.lstrip("+")):
        return compact
    return None


def _name_condition(text: str) -> Q | None:
    tokens = name_tokens(text)
    if not tokens or len("".join(tokens)) < MIN_QUERY_LENGTH:
        return None
    # name_key is already normalised (lower case, unified letters), so a case-sensitive contains is exact and
    # can use the trigram index on PostgreSQL; every word typed must appear. Both branches read the same
    # column and the same trigram index, so PostgreSQL combines them with a BitmapOr.
    condition = Q()
    for token in tokens:
        condition &= Q(name_key__contains=token)
    if _trigram_lookup_available():
        condition |= Q(name_key__trigram_similar=" ".join(tokens))
    return condition


def matching_member_ids(query: str) -> QuerySet[Member] | None:
    """The ids of every member the text matches, before visibility, as one subquery.

    A number's branches are on two tables (the member's national ID and phone, the household's file number):
    an ``OR`` across a join cannot use either index, so PostgreSQL scans the whole registry. Each branch is
    its own indexed lookup here and the ids are combined with ``UNION``."""
    text = _search_text(query)
    if len(text) < MIN_QUERY_LENGTH:
        return None
    compact = _as_number(text)
    if compact is None:
        condition = _name_condition(text)
        return None if condition is None else Member.objects.filter(condition).values("pk")
    first, *rest = (
        Member.objects.filter(lookup).order_by().values("pk") for lookup in _number_lookups(compact)
    )
    return first.union(*rest).order_by()


# A number names a person, a household or a phone: a handful of members. More than this is not a number search
# any more but a data problem; the ids are then left to the database as a subquery.
NUMBER_MATCHES_IN_MEMORY = 1000


def search_members(user, query: str) -> QuerySet[Member] | None:
    """The members the text matches that ``user`` may see (the one visibility policy, ``members_visible_to``)."""
    ids = matching_member_ids(query)
    if ids is None:
        return None
    if _as_number(_search_text(query)) is not None:
        # Read the handful of matching ids first: the page's COUNT and rows then join only those members to
        # their households, where a subquery of the UNION let PostgreSQL scan the office's whole registry.
        found = [row["pk"] for row in ids[: NUMBER_MATCHES_IN_MEMORY + 1]]
        if len(found) <= NUMBER_MATCHES_IN_MEMORY:
            ids = found
    return (
        members_visible_to(user)
        .filter(pk__in=ids)
        .select_related("household", "household__office")
        .order_by("name_key", "id")
    )


def household_members(household: Household) -> QuerySet[Member]:
    head_first = Case(When(relation=Member.Relation.HEAD, then=Value(0)), default=Value(1))
    return household.members.order_by(head_first, "birth_date", "id").select_related("case_worker")


def household_history(household: Household, limit: int = 50) -> QuerySet[RecordChange]:
    return household.changes.select_related("actor", "member").order_by("-at", "-id")[:limit]


def member_history(member: Member, limit: int = 50) -> QuerySet[RecordChange]:
    return member.changes.select_related("actor").order_by("-at", "-id")[:limit]


def members_flagged_for_review(user) -> QuerySet[Member]:
    """The supervisor's review list: the office's members flagged for review, oldest flag first, each with
    its open flags (why, and from which file)."""
    if not getattr(user, "is_authenticated", False) or not user.is_supervisor:
        return Member.objects.none()
    open_flags = ReviewFlag.objects.filter(resolved_at__isnull=True).order_by("created_at", "id")
    return (
        members_visible_to(user)
        .filter(needs_review=True)
        .select_related("household")
        .prefetch_related(Prefetch("review_flags", queryset=open_flags, to_attr="open_flags"))
        .annotate(flagged_since=Min("review_flags__created_at", filter=Q(review_flags__resolved_at=None)))
        .order_by("flagged_since", "pk")
    )


def member_review_flags(member: Member) -> QuerySet[ReviewFlag]:
    return (
        ReviewFlag.objects.filter(member=member).select_related("resolved_by").order_by("-created_at", "-id")
    )
