"""Referrals the API stories share: Nora of Sabya sends members to Hind's institute and to Saad's employer."""

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services


def send(world, member, opportunity):
    give_consent(member, opportunity.entity)
    referral = services.referral_propose(actor=world.worker_sby, member=member, opportunity=opportunity)
    return services.referral_send(actor=world.worker_sby, referral=referral)


def referral_stories(world) -> dict:
    course = make_opportunity(world.trainer, capacity=5)
    job = make_opportunity(world.employer, capacity=3)
    to_trainer = send(world, world.head_sby, course)
    second = send(world, world.wife_sby, course)
    proposed = services.referral_propose(actor=world.worker_sby, member=world.son_sby, opportunity=course)
    to_employer = send(world, world.head_sby, job)
    return {
        "course": course,
        "job": job,
        "to_trainer": to_trainer,
        "second": second,
        "proposed": proposed,
        "to_employer": to_employer,
    }
