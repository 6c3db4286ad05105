"""Objects the access cases and access tests share: one sent and one proposed referral to Hind's institute."""

from django.core.files.base import ContentFile

from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals import services
from tamkeen.referrals.models import OfficeNotice, OutcomeImport


def referral_world(world) -> dict:
    if "referrals" in world.extra:
        return world.extra["referrals"]
    course = make_opportunity(world.trainer, capacity=5)
    draft = make_opportunity(world.trainer, status=Opportunity.Status.DRAFT, title_ar="مسودة دورة")
    give_consent(world.head_sby, world.trainer)
    sent = services.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)
    sent = services.referral_send(actor=world.worker_sby, referral=sent)
    proposed = services.referral_propose(actor=world.worker_sby, member=world.wife_sby, opportunity=course)
    job = OutcomeImport(entity=world.trainer, uploaded_by=world.partner_trainer, original_name="o.csv")
    job.file.save("o.csv", ContentFile(b"referral_id,status,date\n"), save=False)
    job.save()
    notice = OfficeNotice.objects.create(office=world.sby, referral=sent, kind=OfficeNotice.Kind.EXPIRED)
    objects = {
        "course": course,
        "draft": draft,
        "sent": sent,
        "proposed": proposed,
        "job": job,
        "notice": notice,
    }
    world.extra["referrals"] = objects
    return objects
