"""Scores and eligibility over plain arrays: no database."""

from datetime import date

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tamkeen.matching import scoring
from tamkeen.matching.scoring import ANY, COMPONENTS, FAR, NEIGHBOURING, SAME, Weights
from tamkeen.matching.tests.instances import bands_for, random_members, random_opportunities, row
from tamkeen.opportunities.eligibility import evaluate


def test_jazan_distance_bands_follow_the_40_km_rule():
    codes, bands = scoring.governorate_table()
    at = {code: i for i, code in enumerate(codes)}
    assert bands[at["SAB"], at["SAB"]] == SAME
    assert bands[at["SAB"], at["JAZ"]] == NEIGHBOURING  # about 30 km up the coast
    assert bands[at["JAZ"], at["FAR"]] == FAR  # Farasan is an island 50 km out
    assert (bands == bands.T).all()


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_every_component_and_the_score_stay_in_the_unit_interval(seed):
    rng = np.random.default_rng(seed)
    members, opps = random_members(rng, 30), random_opportunities(rng, 20)
    mi, oj = np.meshgrid(np.arange(30), np.arange(20), indexing="ij")
    parts = scoring.components(members, opps, mi.ravel(), oj.ravel(), bands_for(4))
    assert parts.shape == (600, len(COMPONENTS))
    assert (parts >= 0).all() and (parts <= 1).all()
    total = scoring.score_pairs(members, opps, mi.ravel(), oj.ravel(), bands_for(4))
    assert (total >= 0).all() and (total <= 1.0000001).all()


def test_dense_and_pairwise_eligibility_agree():
    rng = np.random.default_rng(7)
    members, opps = random_members(rng, 50), random_opportunities(rng, 40)
    dense = scoring.eligible(members, opps, np.arange(50)[:, None], np.arange(40)[None, :])
    mi, oj = np.nonzero(dense)
    assert scoring.eligible(members, opps, mi, oj).all()
    assert 0 < dense.mean() < 1


def _bits(*needs):
    return scoring.need_mask(needs)


def _feats(*features):
    return scoring.feature_mask(features)


def _one(**changes):
    rng = np.random.default_rng(0)
    members, opps = random_members(rng, 1), random_opportunities(rng, 1)
    base_m = {
        "gender": 0,
        "age": 30,
        "education": 3,
        "nationality": 0,
        "work_capacity": 0,
        "certificates": 0b010,
        "household_income": 1000.0,
        "disability": ANY,
        "governorate": 0,
        "needs": 0,
    }
    base_o = {
        "gender": ANY,
        "min_age": ANY,
        "max_age": ANY,
        "min_education": ANY,
        "nationality": ANY,
        "work_capacities": 0,
        "required_certificate": ANY,
        "max_income": np.nan,
        "is_disability_friendly": False,
        "governorate": 0,
        "is_online": False,
        "features": 0,
    }
    for key, value in {**base_m, **{k[2:]: v for k, v in changes.items() if k.startswith("m_")}}.items():
        getattr(members, key)[0] = value
    for key, value in {**base_o, **{k[2:]: v for k, v in changes.items() if k.startswith("o_")}}.items():
        getattr(opps, key)[0] = value
    return bool(scoring.eligible(members, opps, np.array([0]), np.array([0]))[0])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"o_gender": 1}, False),
        ({"o_gender": 0}, True),
        ({"o_min_age": 31}, False),
        ({"o_max_age": 29}, False),
        ({"o_max_age": 30, "o_min_age": 30}, True),
        ({"o_min_education": 4}, False),
        ({"m_education": ANY, "o_min_education": 0}, False),
        ({"o_nationality": 0, "m_nationality": 1}, False),
        ({"o_nationality": 1, "m_nationality": 1}, True),
        ({"o_nationality": 0, "m_nationality": ANY}, False),
        ({"m_work_capacity": 1}, True),
        ({"m_work_capacity": 1, "o_work_capacities": 0b001}, False),
        ({"m_work_capacity": 1, "o_work_capacities": 0b011}, True),
        ({"m_work_capacity": 2, "o_work_capacities": 0b011}, False),
        ({"m_work_capacity": ANY, "o_work_capacities": 0b011}, False),
        ({"o_required_certificate": 1}, True),
        ({"o_required_certificate": 2}, False),
        ({"o_max_income": 999.0}, False),
        ({"o_max_income": 1000.0}, True),
        ({"o_max_income": 5000.0, "m_household_income": np.nan}, False),
        # A disability alone excludes nothing; an unmet recorded need does (bits: see _bits below).
        ({"m_disability": 0}, True),
        ({"m_disability": 0, "o_is_disability_friendly": True}, True),
        ({"m_disability": 0, "m_needs": _bits("mobility")}, False),
        ({"m_disability": 0, "m_needs": _bits("mobility"), "o_features": _feats("step_free_access")}, False),
        (
            {
                "m_disability": 0,
                "m_needs": _bits("mobility"),
                "o_features": _feats("step_free_access", "accessible_toilets"),
            },
            True,
        ),
        ({"m_needs": _bits("mobility"), "o_features": _feats("remote_work")}, True),
        ({"m_needs": _bits("hearing", "vision"), "o_features": _feats("sign_language")}, False),
        (
            {"m_needs": _bits("hearing", "vision"), "o_features": _feats("sign_language", "screen_reader")},
            True,
        ),
        ({"m_needs": _bits("cognitive"), "o_features": _feats("flexible_hours")}, True),
        ({"m_needs": _bits("other")}, True),
    ],
)
def test_each_condition_of_the_catalogue(changes, expected):
    assert _one(**changes) is expected


def test_online_ignores_distance_and_far_scores_lowest():
    rng = np.random.default_rng(1)
    members, opps = random_members(rng, 1, n_gov=3), random_opportunities(rng, 3, n_gov=3)
    members.governorate[0] = 0
    opps.governorate[:] = [0, 1, 2]
    opps.is_online[:] = False
    distance = scoring.components(members, opps, np.zeros(3, int), np.arange(3), bands_for(3))[:, 1]
    assert distance[0] > distance[1] > distance[2]
    opps.is_online[2] = True
    assert scoring.components(members, opps, np.array([0]), np.array([2]), bands_for(3))[0, 1] == 1.0


def test_readiness_defaults_to_average_without_an_assessment():
    rng = np.random.default_rng(2)
    members, opps = random_members(rng, 1), random_opportunities(rng, 1)
    members.readiness[0] = np.nan
    assert scoring.components(members, opps, np.array([0]), np.array([0]), bands_for(4))[0, 2] == 0.5
    members.readiness[0] = [0.9, 0.9, 0.9]
    assert scoring.components(members, opps, np.array([0]), np.array([0]), bands_for(4))[
        0, 2
    ] == pytest.approx(0.9)


def test_priority_favours_women_disability_long_dependence_and_large_households():
    rng = np.random.default_rng(3)
    members = random_members(rng, 2)
    for name in ("gender", "disability", "months_on_security", "household_size"):
        getattr(members, name)[1] = getattr(members, name)[0]
    members.gender[:] = [0, 1]
    p = scoring.member_priority(members)
    assert p[1] > p[0]
    members.gender[:] = 0
    members.disability[:] = [ANY, 2]
    p = scoring.member_priority(members)
    assert p[1] > p[0]


def test_weights_change_the_ranking():
    rng = np.random.default_rng(4)
    members, opps = random_members(rng, 1, n_gov=3), random_opportunities(rng, 2, n_gov=3)
    members.governorate[0] = 0
    opps.is_online[:] = False
    opps.governorate[:] = [0, 2]
    members.readiness[0] = [1.0, 0.0, 0.0]
    opps.track[:] = [1, 0]  # the near one is a job the member is not ready for, the far one a course
    near_first = Weights(distance=1, readiness=0, education_skills=0, preference=0, disability=0, priority=0)
    ready_first = Weights(distance=0, readiness=1, education_skills=0, preference=0, disability=0, priority=0)
    pairs = (np.zeros(2, int), np.arange(2), bands_for(3))
    assert np.argmax(scoring.score_pairs(members, opps, *pairs, near_first)) == 0
    assert np.argmax(scoring.score_pairs(members, opps, *pairs, ready_first)) == 1
    with pytest.raises(ValueError):
        Weights(distance=-1).as_array()


def test_candidate_pairs_are_the_eligible_near_or_online_pairs_best_first():
    rng = np.random.default_rng(5)
    members, opps = random_members(rng, 80), random_opportunities(rng, 30)
    bands = bands_for(4)
    mi, oj, s = scoring.candidate_pairs(members, opps, bands, chunk_pairs=200)
    dense = scoring.eligible(members, opps, np.arange(80)[:, None], np.arange(30)[None, :])
    near = (bands[members.governorate[:, None], opps.governorate[None, :]] != FAR) | opps.is_online[None, :]
    plan = members.plan_track[:, None]
    on_track = (plan == ANY) | (plan == opps.track[None, :])
    expected = set(zip(*np.nonzero(dense & near & on_track), strict=True))
    assert set(zip(mi.tolist(), oj.tolist(), strict=True)) == expected
    assert (np.diff(mi) >= 0).all()
    same_member = np.diff(mi) == 0
    assert (np.diff(s)[same_member] <= 0).all()
    np.testing.assert_allclose(s, scoring.score_pairs(members, opps, mi, oj, bands), rtol=1e-6)


def test_explain_names_every_component_in_words():
    rng = np.random.default_rng(6)
    members, opps = random_members(rng, 1), random_opportunities(rng, 1)
    members.readiness[0] = np.nan
    with translation.override("en"):
        result = scoring.explain(row(members, 0), row(opps, 0), bands=bands_for(4))
    assert [c["name"] for c in result["components"]] == list(COMPONENTS)
    assert all(c["text"] and "%(" not in c["text"] for c in result["components"])
    expected = float(scoring.score_pairs(members, opps, np.array([0]), np.array([0]), bands_for(4))[0])
    assert result["score"] == pytest.approx(expected, abs=1e-3)
    assert "average" in result["components"][2]["text"]
    with translation.override("ar"):
        arabic = scoring.explain(row(members, 0), row(opps, 0), bands=bands_for(4))
    assert arabic["components"][2]["text"] != result["components"][2]["text"]


TODAY = date(2026, 6, 1)
VOCABULARY = ("first aid", "forklift", "food safety")


def _person(members, i):
    def code(values, index):
        return values[index] if index >= 0 else ""

    income = members.household_income[i]
    return {
        "gender": "MF"[members.gender[i]],
        "birth_date": date(TODAY.year - int(members.age[i]), 1, 1),
        "education": code(scoring.EDUCATION_LEVELS, members.education[i]),
        "nationality": code(("citizen", "resident"), members.nationality[i]),
        "work_capacity": code(scoring.WORK_CAPACITIES, members.work_capacity[i]),
        "household_income": None if np.isnan(income) else float(income),
        "certificates": [c for bit, c in enumerate(VOCABULARY) if int(members.certificates[i]) >> bit & 1],
        "disability": code(scoring.DISABILITY_TYPES, members.disability[i]) or "none",
        "accommodation_needs": [
            n for k, n in enumerate(scoring.NEED_KINDS) if int(members.needs[i]) >> k & 1
        ],
    }


def _conditions(opps, j):
    def optional(value):
        return None if value == ANY else int(value)

    income = opps.max_income[j]
    return {
        "gender": "MF"[opps.gender[j]] if opps.gender[j] != ANY else "",
        "min_age": optional(opps.min_age[j]),
        "max_age": optional(opps.max_age[j]),
        "min_education": scoring.EDUCATION_LEVELS[opps.min_education[j]]
        if opps.min_education[j] != ANY
        else "",
        "nationality": ("citizen", "resident")[opps.nationality[j]] if opps.nationality[j] != ANY else "any",
        "work_capacities": [
            c for bit, c in enumerate(scoring.WORK_CAPACITIES) if opps.work_capacities[j] >> bit & 1
        ],
        "max_household_income": None if np.isnan(income) else float(income),
        "required_certificate": VOCABULARY[opps.required_certificate[j]]
        if opps.required_certificate[j] != ANY
        else "",
        "is_disability_friendly": bool(opps.is_disability_friendly[j]),
        "accessibility_features": [
            f for k, f in enumerate(scoring.FEATURES) if int(opps.features[j]) >> k & 1
        ],
        # The arrays fold remote work into an online opportunity's features; the catalogue reads the mode.
        "mode": "online" if opps.is_online[j] else "in_person",
    }


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_the_vectorised_mask_agrees_with_the_catalogues_evaluate(seed):
    rng = np.random.default_rng(seed)
    members, opps = random_members(rng, 25), random_opportunities(rng, 12)
    mask = scoring.eligible(members, opps, np.arange(25)[:, None], np.arange(12)[None, :])
    for i in range(25):
        person = _person(members, i)
        for j in range(12):
            failed = evaluate(_conditions(opps, j), person, TODAY)
            assert mask[i, j] == (not failed), (person, _conditions(opps, j), failed)


def test_no_members_gives_no_candidates():
    rng = np.random.default_rng(8)
    members, opps = random_members(rng, 0), random_opportunities(rng, 5)
    mi, oj, s = scoring.candidate_pairs(members, opps, bands_for(4))
    assert len(mi) == len(oj) == len(s) == 0


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_the_matcher_never_excludes_anyone_by_disability_alone(seed):
    """Over the arrays a run works on: a pair with no unmet need is eligible exactly when it would be if the
    member had no disability and no needs at all; a pair with an unmet need never is."""
    rng = np.random.default_rng(seed)
    members, opps = random_members(rng, 30), random_opportunities(rng, 15)
    mi, oj = np.meshgrid(np.arange(30), np.arange(15), indexing="ij")
    mi, oj = mi.ravel(), oj.ravel()
    mask = scoring.eligible(members, opps, mi, oj)
    unmet = scoring.unmet_needs(members.needs[mi], opps.features[oj])
    members.disability[:] = ANY
    members.needs[:] = 0
    without = scoring.eligible(members, opps, mi, oj)
    assert (mask[unmet == 0] == without[unmet == 0]).all()
    assert not mask[unmet != 0].any()


def test_explain_names_the_gap_or_what_meets_the_need():
    rng = np.random.default_rng(3)
    members, opps = random_members(rng, 1), random_opportunities(rng, 1)
    members.needs[0] = scoring.need_mask(["hearing"])
    opps.features[0] = scoring.feature_mask(["sign_language"])
    with translation.override("en"):
        met = scoring.explain(row(members, 0), row(opps, 0), bands=bands_for(4))["components"][4]
        opps.features[0] = 0
        gap = scoring.explain(row(members, 0), row(opps, 0), bands=bands_for(4))["components"][4]
    assert met["value"] == 1.0 and "Hearing" in met["text"]
    assert gap["value"] == 0.0 and "sign-language" in gap["text"]
