"""The counting rule of domain.md §6, without the database."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tamkeen.outcomes.counting import (
    DEFAULT_RULES,
    CountingRule,
    HireRow,
    OutcomeRow,
    classify,
    count_year,
    exits_split,
    is_retained,
    retention,
    year_range,
)

EMPOWERING = [
    "hired",
    "project_financed",
    "project_started",
    "productive_family_certificate",
    "freelance_document",
]
ALL_KINDS = [*EMPOWERING, "training_completed"]
STATUSES = ["reported", "verified", "refuted"]


def row(member=1, household=1, kind="hired", day=date(2019, 1, 1), status="verified", office="SBY", **extra):
    return OutcomeRow(member, household, office, kind, day, status, **extra)


def empowered_in(day: date, year: int) -> int:
    return count_year([row(day=day)], year=year)["empowered_families"]


def test_1440_runs_from_11_september_2018_to_30_august_2019():
    assert year_range(1440) == (date(2018, 9, 11), date(2019, 8, 30))
    assert year_range(2019, "gregorian") == (date(2019, 1, 1), date(2019, 12, 31))


def test_the_year_boundaries_of_the_umm_al_qura_calendar():
    assert (empowered_in(date(2018, 9, 10), 1439), empowered_in(date(2018, 9, 10), 1440)) == (1, 0)
    assert (empowered_in(date(2018, 9, 11), 1440), empowered_in(date(2018, 9, 11), 1439)) == (1, 0)
    assert (empowered_in(date(2019, 8, 30), 1440), empowered_in(date(2019, 8, 30), 1441)) == (1, 0)
    assert (empowered_in(date(2019, 8, 31), 1441), empowered_in(date(2019, 8, 31), 1440)) == (1, 0)


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2025, 12, 31)))
def test_every_day_belongs_to_exactly_one_hijri_year(day):
    years = [y for y in range(1435, 1449) if empowered_in(day, y)]
    assert len(years) == 1
    first, last = year_range(years[0])
    assert first <= day <= last


@given(
    st.sampled_from(EMPOWERING),
    st.sampled_from(EMPOWERING),
    st.dates(date(2018, 9, 11), date(2019, 8, 30)),
    st.dates(date(2018, 9, 11), date(2019, 8, 30)),
)
def test_a_family_with_two_empowered_members_counts_once(kind_a, kind_b, day_a, day_b):
    figures = count_year([row(1, 7, kind_a, day_a), row(2, 7, kind_b, day_b)], year=1440)
    assert figures["empowered_families"] == 1
    assert figures["empowered_members"] == 2


@given(
    st.sampled_from(ALL_KINDS),
    st.sampled_from(["reported", "refuted"]),
    st.dates(date(2018, 9, 11), date(2019, 8, 30)),
)
def test_an_unverified_outcome_never_counts(kind, status, day):
    figures = count_year([row(kind=kind, status=status, day=day)], year=1440, by="office")
    assert {k: v for k, v in figures.items() if isinstance(v, int) and k != "year"} == dict.fromkeys(
        [
            "empowered_families",
            "empowered_members",
            "employment_members",
            "economic_members",
            "training_completions",
        ],
        0,
    )
    assert figures["by"] == {}


@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 3), st.dates(date(2018, 9, 11), date(2019, 8, 30))),
        min_size=1,
        max_size=20,
    )
)
def test_a_training_completion_never_counts_as_empowered(completions):
    rows = [row(member, household, "training_completed", day) for member, household, day in completions]
    figures = count_year(rows, year=1440)
    assert figures["empowered_members"] == figures["empowered_families"] == 0
    assert figures["training_completions"] == len(rows)


def test_training_does_not_add_to_a_member_already_empowered():
    figures = count_year([row(kind="hired"), row(kind="training_completed")], year=1440)
    assert (figures["empowered_members"], figures["training_completions"]) == (1, 1)


def test_employment_and_economic_members_are_apart_and_a_member_with_both_is_empowered_once():
    figures = count_year([row(kind="hired"), row(kind="project_financed")], year=1440)
    assert (figures["employment_members"], figures["economic_members"], figures["empowered_members"]) == (
        1,
        1,
        1,
    )


def test_a_family_is_counted_under_the_office_that_held_its_file_on_its_first_outcome():
    rows = [row(1, 9, day=date(2019, 3, 1), office="SBY"), row(2, 9, day=date(2019, 1, 5), office="FRS")]
    figures = count_year(rows, year=1440, by="office")
    assert figures["by"] == {
        "FRS": {
            "empowered_families": 1,
            "empowered_members": 2,
            "employment_members": 2,
            "economic_members": 0,
            "training_completions": 0,
        }
    }


@given(
    st.lists(
        st.tuples(
            st.integers(1, 8),
            st.sampled_from(ALL_KINDS),
            st.dates(date(2018, 9, 11), date(2019, 8, 30)),
            st.sampled_from(["SBY", "FRS", "JZN"]),
        ),
        max_size=30,
    )
)
def test_offices_add_up_to_the_region(entries):
    # Members 1-2 share a household, 3-4 another...; a household may move between offices during the year.
    rows = [row(m, (m + 1) // 2, kind, day, office=office) for m, kind, day, office in entries]
    figures = count_year(rows, year=1440, by="office")
    for name in ("empowered_families", "empowered_members", "training_completions"):
        assert sum(group[name] for group in figures["by"].values()) == figures[name]


def test_the_rule_in_force_on_the_outcome_date_decides():
    rules = [
        *DEFAULT_RULES,
        CountingRule(date(2021, 8, 10), frozenset({"hired"}), frozenset({"project_financed"})),
    ]
    assert classify(row(kind="project_started", day=date(2021, 8, 9)), rules) == "economic"
    assert classify(row(kind="project_started", day=date(2021, 8, 10)), rules) is None
    assert classify(row(kind="hired", day=date(1800, 1, 1)), rules) is None


def test_retention_prefers_a_follow_up_and_otherwise_reads_the_files():
    start = date(2019, 1, 1)
    still = HireRow(1, 1, start, registered_until=None, covered_until=date(2019, 12, 31))
    left = HireRow(2, 2, start, registered_until=date(2019, 4, 1), covered_until=date(2019, 12, 31))
    unknown = HireRow(3, 3, start)
    assert is_retained(still, 6, {}) is True
    assert is_retained(still, 6, {(1, 6): False}) is False
    assert is_retained(left, 6, {}) is False
    assert is_retained(unknown, 6, {}) is None
    assert retention([still, left, unknown], 6, {}, as_of=date(2020, 1, 1)) == {
        "due": 3,
        "retained": 1,
        "not_retained": 1,
        "unknown": 1,
    }
    assert retention([still], 12, {}, as_of=date(2019, 12, 1))["due"] == 0


def test_graduations_and_sanctions_are_kept_apart():
    exits = [
        ("graduation", date(2019, 1, 1)),
        ("sanction", date(2019, 2, 1)),
        ("graduation", date(2020, 1, 1)),
    ]
    assert exits_split(exits, *year_range(1440)) == {"graduation": 1, "sanction": 1}


def test_a_day_before_any_rule_does_not_count():
    assert count_year([row(day=date(2019, 1, 1))], year=1440, rules=[])["empowered_members"] == 0
