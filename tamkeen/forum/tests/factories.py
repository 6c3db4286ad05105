from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tamkeen.enterprises.tests.factories import make_enterprise
from tamkeen.forum.models import Booth, Event, Registration
from tamkeen.geography.models import Region
from tamkeen.opportunities.tests.factories import make_opportunity


@dataclass
class Forum:
    event: Event
    employer_booth: Booth
    trainer_booth: Booth
    family_booth: Booth
    head_sby: Registration
    head_frs: Registration
    walk_in: Registration
    other_region_event: Event


def make_event(world, *, region=None, starts_on=None, title="ملتقى التمكين") -> Event:
    starts_on = starts_on or timezone.localdate()
    event = Event.objects.create(
        title=title,
        region=region or world.region,
        venue="مركز جازان للمعارض",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=1),
    )
    event.committee.add(world.organiser)
    return event


def register(event, member=None, name="", kind=Registration.Kind.INVITED, code="") -> Registration:
    fields = {"short_code": code} if code else {}
    return Registration.objects.create(
        event=event, member=member, kind=kind, display_name=name or member.full_name, **fields
    )


def make_forum(world) -> Forum:
    event = make_event(world)
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    other_region = Region.objects.exclude(pk=world.region.pk).first()
    other = Event.objects.create(
        title="ملتقى آخر",
        region=other_region,
        venue="قاعة أخرى",
        starts_on=event.starts_on,
        ends_on=event.ends_on,
    )
    make_opportunity(world.employer, title_ar="وظيفة كاشير", track="employment", kind="job")
    return Forum(
        event=event,
        employer_booth=Booth.objects.create(event=event, number="01", zone="أ", entity=world.employer),
        trainer_booth=Booth.objects.create(event=event, number="02", zone="ب", entity=world.trainer),
        family_booth=Booth.objects.create(event=event, number="F01", zone="معرض", enterprise=enterprise),
        head_sby=register(event, world.head_sby, code="HSBY23"),
        head_frs=register(event, world.head_frs, code="HFRS23"),
        walk_in=register(event, None, name="زائر", kind=Registration.Kind.WALK_IN, code="WXYZ23"),
        other_region_event=other,
    )
