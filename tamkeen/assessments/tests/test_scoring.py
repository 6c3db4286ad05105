"""Scores and recommendations as pure functions: no database."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamkeen.assessments import scoring
from tamkeen.assessments.scoring import ItemSpec, MemberFacts, recommend_track

DIMENSIONS = ["psychological", "community", "organisational", "economic", "social", "cultural"]


def instrument_specs():
    specs = []
    for d in DIMENSIONS:
        specs += [
            ItemSpec(f"{d}-{n}", "dimension", dimension=d, is_reverse_scored=(n == 2)) for n in range(3)
        ]
    for skill in ["self_positivity", "self_control", "decision_making"]:
        specs += [ItemSpec(f"{skill}-{n}", "core_skills", core_skill=skill) for n in range(2)]
    for track in scoring.TRACKS:
        specs += [ItemSpec(f"{track}-{n}", "readiness", track=track) for n in range(3)]
    return specs


SPECS = instrument_specs()
answers_strategy = st.lists(
    st.one_of(st.none(), st.integers(1, 5)), min_size=len(SPECS), max_size=len(SPECS)
).map(lambda values: {spec.code: v for spec, v in zip(SPECS, values, strict=True) if v is not None})
# The machine is shared: generation speed says nothing about the rule under test.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(answers_strategy)
def test_every_score_is_on_the_scale_or_missing(answers):
    for scores in (
        scoring.dimension_scores(SPECS, answers),
        scoring.track_scores(SPECS, answers),
        scoring.skill_scores(SPECS, answers),
    ):
        for value in scores.values():
            assert value is None or 1 <= value <= 5


@relaxed
@given(answers_strategy)
def test_a_group_without_half_its_answers_has_no_score(answers):
    scores = scoring.dimension_scores(SPECS, answers)
    for d in DIMENSIONS:
        answered = sum(answers.get(f"{d}-{n}") is not None for n in range(3))
        assert (scores[d] is None) == (answered < 2)


def test_reverse_scored_statements_count_the_other_way():
    answers = {"psychological-0": 5, "psychological-1": 5, "psychological-2": 1}
    assert scoring.dimension_scores(SPECS, answers)["psychological"] == 5.0
    assert scoring.item_value(ItemSpec("x", "dimension", is_reverse_scored=True), 2) == 4


def test_track_readiness_includes_the_core_skills():
    answers = {s.code: 5 for s in SPECS if s.track == "employment"}
    answers |= {s.code: 1 for s in SPECS if s.kind == "core_skills"}
    # Three readiness answers of 5 and six core-skill answers of 1.
    assert scoring.track_scores(SPECS, answers)["employment"] == round((3 * 5 + 6 * 1) / 9, 2)
    assert scoring.track_scores(SPECS, answers)["training"] is None


def test_an_answer_off_the_scale_is_refused():
    import pytest

    with pytest.raises(ValueError):
        scoring.item_value(SPECS[0], 6)


def facts(**overrides):
    values = {"age": 35, "education": "secondary", "work_capacity": "able"}
    return MemberFacts(**(values | overrides))


def test_a_ready_secondary_graduate_without_caring_duties_is_recommended_employment():
    rec = recommend_track(facts(), {"training": 3.0, "employment": 4.2, "entrepreneurship": 2.8})
    assert rec.track == "employment"
    codes = [(r.code, r.value, r.score) for r in rec.reasons]
    assert ("education", "secondary", None) in codes
    assert ("capacity", "able", None) in codes
    assert ("readiness", "employment", 4.2) in codes
    assert ("no_caregiver", "", None) in codes


def test_a_caregiver_leans_to_a_home_business():
    rec = recommend_track(
        facts(is_caregiver=True), {"training": 3.0, "employment": 4.0, "entrepreneurship": 3.8}
    )
    assert rec.track == "entrepreneurship"
    assert any(r.code == "caregiver" for r in rec.reasons)


def test_low_readiness_everywhere_means_training_first():
    rec = recommend_track(facts(), {"training": 2.0, "employment": 2.4, "entrepreneurship": 1.0})
    assert rec.track == "training"
    assert rec.reasons[-1].code == "low_readiness"


def test_rehabilitable_members_start_with_training_and_not_rehabilitable_get_no_track():
    assert recommend_track(facts(work_capacity="rehabilitable"), {"employment": 5.0}).track == "training"
    rec = recommend_track(facts(work_capacity="not_rehabilitable"), {"employment": 5.0})
    assert rec.track == "" and rec.reasons[0].value == "not_rehabilitable"


@relaxed
@given(
    capacity=st.sampled_from(["able", "rehabilitable", "not_rehabilitable", ""]),
    education=st.sampled_from(["", "none", "primary", "secondary", "bachelor"]),
    caregiver=st.booleans(),
    student=st.booleans(),
    readiness=st.dictionaries(st.sampled_from(scoring.TRACKS), st.one_of(st.none(), st.floats(1, 5))),
)
def test_every_recommendation_is_a_known_track_with_reasons(
    capacity, education, caregiver, student, readiness
):
    rec = recommend_track(
        facts(
            work_capacity=capacity, education=education, is_caregiver=caregiver, is_full_time_student=student
        ),
        readiness,
    )
    assert rec.track in ("", *scoring.TRACKS)
    assert rec.reasons
    assert (rec.track == "") == (capacity == "not_rehabilitable")
