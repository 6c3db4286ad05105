"""Sabya's matching story: a run of the office and one matcher proposal waiting for Nora (worker_sby)."""

from datetime import date

from tamkeen.matching.models import MatchRun
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services as referral_services
from tamkeen.referrals.models import Source
from tamkeen.registry.models import AccommodationNeed
from tests.personas import make_member


def matching_world(world) -> dict:
    if "matching" in world.extra:
        return world.extra["matching"]
    daughter = make_member(
        world.household_sby,
        "daughter",
        "نورة",
        "الحازمي",
        father_name="محمد",
        education="bachelor",
        work_capacity="able",
        birth_date=date(1999, 7, 1),
    )
    course = make_opportunity(
        world.trainer, capacity=3, title_ar="دورة المحاسبة", title_en="Accounting course"
    )
    proposal = referral_services.referral_propose(
        actor=None,
        member=daughter,
        opportunity=course,
        source=Source.MATCHER,
        match_score=0.8,
        match_explanation={
            "score": 0.8,
            "components": [
                {
                    "name": "distance",
                    "value": 1.0,
                    "weight": 0.2,
                    "label": {"ar": "المسافة", "en": "Distance"},
                    "text": {"ar": "في محافظة الفرد.", "en": "In the member's own governorate (strong)."},
                }
            ],
        },
    )
    run_sby = MatchRun.objects.create(
        office=world.sby, started_by=world.supervisor_sby, status=MatchRun.Status.DONE
    )
    need = AccommodationNeed.objects.create(member=daughter, kind="vision", what_helps="قارئ الشاشة")
    objects = {
        "daughter": daughter,
        "course": course,
        "proposal": proposal,
        "run_sby": run_sby,
        "need": need,
    }
    world.extra["matching"] = objects
    return objects
