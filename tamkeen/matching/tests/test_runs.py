"""Stories of a match run in Sabya office: Khalid (supervisor_sby) starts it, Nora (worker_sby) decides."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation

from tamkeen.consent.tests.factories import give_consent
from tamkeen.geography.models import Governorate
from tamkeen.matching import services
from tamkeen.matching.models import MatchRun, RejectedPair
from tamkeen.matching.scoring import COMPONENTS
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral, Source, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world):
    """A women's course and a men's job in Sabya, and a course far away on Farasan island."""
    far = Governorate.objects.get(code="FAR")
    return {
        "women_course": make_opportunity(world.trainer, capacity=1, gender="F", title_ar="دورة تصميم"),
        "men_job": make_opportunity(
            world.employer,
            capacity=1,
            gender="M",
            track=Opportunity.Track.EMPLOYMENT,
            kind=Opportunity.Kind.JOB,
            title_ar="وظيفة مندوب مبيعات",
            isco08="5223",
        ),
        "island_course": make_opportunity(world.trainer, capacity=5, governorate=far, title_ar="دورة صيد"),
    }


def run_for(office, actor, **options):
    run = services.match_run_create(actor=actor, office=office, **options)
    return services.match_run_execute(run=run)


def proposals():
    return Referral.objects.filter(source=Source.MATCHER, status=Status.PROPOSED)


def test_khalid_runs_a_match_for_sabya_and_nora_sees_explained_proposals(world, catalogue):
    run = run_for(world.sby, world.supervisor_sby)

    assert run.status == MatchRun.Status.DONE and run.progress == 100
    # In scope: the head and his wife; their son is a full-time student (exempt); Farasan is another office.
    assert run.members == 2
    assert run.assigned == 2
    proposed = {r.member: r.opportunity for r in proposals()}
    assert proposed == {world.head_sby: catalogue["men_job"], world.wife_sby: catalogue["women_course"]}
    referral = proposals().get(member=world.wife_sby)
    assert referral.office == world.sby and referral.created_by == world.supervisor_sby
    assert 0 < referral.match_score <= 1
    names = [c["name"] for c in referral.match_explanation["components"]]
    assert names == list(COMPONENTS)
    with translation.override("en"):
        rows = services.component_rows(referral)
    assert rows[1]["label"] == "Distance" and "own governorate" in rows[1]["text"]
    with translation.override("ar"):
        assert services.component_rows(referral)[1]["label"] != "Distance"


def test_nobody_is_proposed_twice_and_a_dry_run_proposes_nothing(world, catalogue):
    run_for(world.sby, world.supervisor_sby)
    again = run_for(world.sby, world.supervisor_sby)
    assert again.members == 0  # both already hold an open proposal
    assert proposals().count() == 2
    dry = run_for(world.frs, world.supervisor_frs, is_dry_run=True)
    assert dry.members == 1 and dry.assigned == 1  # the island course for Yahya
    assert not proposals().filter(member=world.head_frs).exists()


def test_a_rejected_match_is_never_proposed_again(world, catalogue):
    run_for(world.sby, world.supervisor_sby)
    referral = proposals().get(member=world.wife_sby)
    pair = services.proposal_reject(actor=world.worker_sby, referral=referral, reason="لا تناسب ظروفها")
    assert pair.reason and RejectedPair.objects.count() == 1
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN

    run_for(world.sby, world.supervisor_sby)
    assert not proposals().filter(member=world.wife_sby, opportunity=catalogue["women_course"]).exists()


def test_a_rejection_needs_a_reason_and_nora_cannot_touch_farasans_proposals(world, catalogue):
    run_for(world.sby, world.supervisor_sby)
    run_for(world.frs, world.supervisor_frs)
    sabya = proposals().get(member=world.wife_sby)
    farasan = proposals().get(member=world.head_frs)
    with pytest.raises(services.MatchingError):
        services.proposal_reject(actor=world.worker_sby, referral=sabya, reason="  ")
    with pytest.raises(PermissionDenied):
        services.proposal_reject(actor=world.worker_sby, referral=farasan, reason="x")
    with pytest.raises(PermissionDenied):
        services.proposal_confirm(actor=world.worker_sby, referral=farasan)


def test_confirming_sends_the_referral_through_the_referrals_app(world, catalogue):
    run_for(world.sby, world.supervisor_sby)
    referral = proposals().get(member=world.head_sby)
    give_consent(world.head_sby, world.employer)
    sent = services.proposal_confirm(actor=world.worker_sby, referral=referral)
    assert sent.status == Status.SENT and sent.holds_seat
    catalogue["men_job"].refresh_from_db()
    assert catalogue["men_job"].seats_taken == 1
    with pytest.raises(services.MatchingError):
        services.proposal_confirm(actor=world.worker_sby, referral=sent)


def test_only_the_offices_own_supervisor_may_start_its_run(world, catalogue):
    with pytest.raises(PermissionDenied):
        services.match_run_create(actor=world.supervisor_frs, office=world.sby)
    with pytest.raises(PermissionDenied):
        services.match_run_create(actor=world.worker_sby, office=world.sby)
    services.match_run_create(actor=world.supervisor_sby, office=world.sby)
    with pytest.raises(services.MatchingError):
        services.match_run_create(actor=world.supervisor_sby, office=world.sby)


def test_seats_already_proposed_are_not_proposed_again(world, catalogue):
    # A fourth Sabya member: the women's course has one seat and the wife's proposal holds it.
    from tests.personas import make_member

    run_for(world.sby, world.supervisor_sby)
    make_member(
        world.household_sby, "daughter", "سارة", "الحازمي", work_capacity="able", birth_date=date(2000, 1, 1)
    )
    run = run_for(world.sby, world.supervisor_sby)
    # Only the island course has seats left, and Farasan is too far to propose.
    assert run.members == 1 and run.seats == catalogue["island_course"].capacity and run.assigned == 0


def test_the_match_command_prints_one_json_line(world, catalogue):
    out = StringIO()
    call_command("match", "--office", "SBY", "--dry-run", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"members", "opportunities", "seats", "assigned", "total_score", "seconds"}
    assert result["members"] == 2 and result["assigned"] == 2 and result["opportunities"] == 3
    assert not proposals().exists()
    out = StringIO()
    call_command("match", "--track", "employment", stdout=out)
    result = json.loads(out.getvalue())
    assert result["opportunities"] == 1 and result["assigned"] == 1
    assert proposals().get().opportunity == catalogue["men_job"]
