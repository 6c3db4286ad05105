"""Amal (organiser) runs the forum; Saad (employer) staffs a booth; Nora (case worker) gets the proposals."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tamkeen.enterprises.models import Sale
from tamkeen.forum import selectors, services
from tamkeen.forum.models import CheckIn, Invitation, Registration
from tamkeen.forum.tests.factories import make_event, make_forum
from tamkeen.notifications.models import Message
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_amal_creates_a_forum_and_sits_on_its_committee(world):
    today = timezone.localdate()
    event = services.event_create(
        actor=world.organiser,
        title="ملتقى التمكين",
        venue="جازان",
        starts_on=today,
        ends_on=today + timedelta(days=1),
    )
    assert list(event.committee.all()) == [world.organiser]
    assert event.region == world.region
    with pytest.raises(services.ForumError):
        services.event_create(
            actor=world.organiser, title="x", venue="x", starts_on=today, ends_on=today - timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        services.event_create(actor=world.worker_sby, title="x", venue="x", starts_on=today, ends_on=today)


def test_a_booth_has_one_occupant_and_a_unique_number(world):
    forum = make_forum(world)
    with pytest.raises(services.ForumError):
        services.booth_add(
            actor=world.organiser,
            event=forum.event,
            number="09",
            zone="أ",
            size="small",
            entity=world.bank,
            enterprise=forum.family_booth.enterprise,
        )
    with pytest.raises(services.ForumError):
        services.booth_add(
            actor=world.organiser, event=forum.event, number="01", zone="أ", size="small", entity=world.bank
        )
    with pytest.raises(PermissionDenied):
        services.booth_add(
            actor=world.organiser,
            event=forum.other_region_event,
            number="01",
            zone="أ",
            size="small",
            entity=world.bank,
        )


def test_a_session_takes_place_on_a_forum_day(world):
    event = make_event(world)
    tz = timezone.get_current_timezone()
    start = datetime.combine(event.starts_on, time(10), tzinfo=tz)
    session = services.session_add(
        actor=world.organiser,
        event=event,
        kind="workshop",
        title="السيرة الذاتية",
        room="1",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=30,
    )
    assert session.capacity == 30
    with pytest.raises(services.ForumError):
        services.session_add(
            actor=world.organiser,
            event=event,
            kind="talk",
            title="x",
            room="1",
            starts_at=start + timedelta(days=5),
            ends_at=start + timedelta(days=5, hours=1),
            capacity=30,
        )


def test_invited_members_get_a_badge_and_one_message(world):
    event = make_event(world)
    candidates = selectors.invitation_candidates(event, selectors.InvitationCriteria(office_id=world.sby.pk))
    # The son is a full-time student of 22: exempt from the programme, so not invited (one scope rule).
    assert set(candidates) == {world.head_sby, world.wife_sby}
    invitations = services.invitations_create(actor=world.organiser, event=event, members=candidates)
    assert len(invitations) == 2
    registration = Registration.objects.get(event=event, member=world.head_sby)
    assert len(registration.token) >= 32 and len(registration.short_code) == 6
    assert "محمد" not in registration.token
    # Once invited, a member is no longer a candidate, and inviting again changes nothing.
    assert not selectors.invitation_candidates(
        event, selectors.InvitationCriteria(office_id=world.sby.pk)
    ).exists()
    assert services.invitations_create(actor=world.organiser, event=event, members=[world.head_sby]) == []
    ids = [i.pk for i in invitations]
    assert services.invitation_messages_send(invitation_ids=ids) == 1  # only Muhammad has a mobile
    sms = Message.objects.get(event="forum.invitation", channel="sms")
    assert registration.short_code in sms.body
    assert (sms.member, sms.to_address) == (world.head_sby, "+966501234567")
    assert services.invitation_messages_send(invitation_ids=ids) == 0
    assert Invitation.objects.filter(event=event, sent_at__isnull=False).count() == 1


def test_candidates_by_track_follow_the_latest_assessment(world):
    from tamkeen.assessments.models import Assessment, Instrument

    instrument = Instrument.objects.create(code="t", version=1, name_ar="t", name_en="t")
    now = timezone.now()

    def assess(member, track, score, days_ago):
        at = now - timedelta(days=days_ago)
        Assessment.objects.create(
            member=member,
            instrument=instrument,
            assessor=world.worker_sby,
            started_at=at,
            completed_at=at,
            work_capacity="able",
            recommended_track=track,
            track_scores={track: score},
        )

    assess(world.head_sby, "training", 4.5, days_ago=100)
    assess(world.head_sby, "employment", 4.0, days_ago=10)  # the latest decides
    assess(world.wife_sby, "employment", 2.0, days_ago=5)
    event = make_event(world)

    def matching(**criteria):
        return set(selectors.invitation_candidates(event, selectors.InvitationCriteria(**criteria)))

    assert matching(track="employment") == {world.head_sby, world.wife_sby}
    assert matching(track="employment", min_readiness=3.0) == {world.head_sby}
    assert matching(track="training") == set()
    assert matching(governorate_id=world.household_frs.governorate_id) == {world.head_frs}


def test_a_check_in_is_counted_once_per_place_and_day(world):
    forum = make_forum(world)
    first, created = services.check_in_record(actor=world.organiser, event=forum.event, code="hsby23")
    assert created
    again, created = services.check_in_record(
        actor=world.organiser, event=forum.event, code=forum.head_sby.token
    )
    assert again == first and not created
    tomorrow = timezone.now() + timedelta(days=1)
    _, created = services.check_in_record(
        actor=world.organiser, event=forum.event, code="HSBY23", at=tomorrow
    )
    assert created
    assert CheckIn.objects.filter(registration=forum.head_sby).count() == 2
    with pytest.raises(services.ForumError):
        services.check_in_record(
            actor=world.organiser, event=forum.event, code="HSBY23", at=timezone.now() + timedelta(days=9)
        )
    with pytest.raises(services.ForumError):
        services.check_in_record(actor=world.organiser, event=forum.event, code="ZZZZZZ")
    with pytest.raises(PermissionDenied):
        services.check_in_record(actor=world.partner_employer, event=forum.event, code="HSBY23")


def test_a_scan_at_a_booth_becomes_a_proposed_referral_for_the_case_worker(world):
    forum = make_forum(world)
    job = Opportunity.objects.get(entity=world.employer)
    holder = services.booth_scan(actor=world.partner_employer, booth=forum.employer_booth, code="HSBY23")
    assert holder == forum.head_sby
    application = services.application_record(
        actor=world.partner_employer, booth=forum.employer_booth, registration=holder, opportunity=job
    )
    referral = application.referral
    assert referral.status == "proposed" and referral.source == "forum"
    assert referral in referrals_visible_to(world.worker_sby)
    # The entity sees it only once the case worker sends it with the member's consent.
    assert referral not in referrals_visible_to(world.partner_employer)
    with pytest.raises(services.ForumError):
        services.application_record(
            actor=world.partner_employer, booth=forum.employer_booth, registration=holder, opportunity=job
        )


def test_a_booth_records_only_its_own_entitys_opportunities(world):
    forum = make_forum(world)
    course = make_opportunity(world.trainer)
    with pytest.raises(PermissionDenied):
        services.booth_scan(actor=world.partner_trainer, booth=forum.employer_booth, code="HSBY23")
    with pytest.raises(services.ForumError):
        services.application_record(
            actor=world.partner_employer,
            booth=forum.employer_booth,
            registration=forum.head_sby,
            opportunity=course,
        )


def test_a_walk_in_without_a_file_is_recorded_without_a_referral(world):
    forum = make_forum(world)
    job = Opportunity.objects.get(entity=world.employer)
    application = services.application_record(
        actor=world.partner_employer, booth=forum.employer_booth, registration=forum.walk_in, opportunity=job
    )
    assert application.referral is None
    assert not Referral.objects.exists()


def test_a_walk_in_who_gives_a_national_id_is_linked_to_the_file(world):
    event = make_event(world)
    member = selectors.member_by_national_id(world.head_frs.national_id)
    registration = services.registration_walk_in(
        actor=world.organiser, event=event, name="يحيى", member=member
    )
    assert registration.member == world.head_frs and registration.kind == "walk_in"
    # A second visit with the same ID gets a badge like any visitor's; the first registration keeps the link.
    again = services.registration_walk_in(actor=world.organiser, event=event, name="زائر", member=member)
    assert again != registration and again.member is None and again.display_name == "زائر"
    with pytest.raises(services.ForumError):
        services.registration_walk_in(actor=world.organiser, event=event, name=" ")


def test_exhibition_sales_appear_in_the_enterprises_sales(world):
    forum = make_forum(world)
    sale = services.exhibition_sale_record(
        actor=world.beneficiary_sby, booth=forum.family_booth, amount=Decimal("150"), note="بخور"
    )
    assert sale.channel == Sale.Channel.EXHIBITION
    assert list(forum.family_booth.enterprise.sales.all()) == [sale]
    with pytest.raises(PermissionDenied):
        services.exhibition_sale_record(
            actor=world.partner_employer, booth=forum.family_booth, amount=Decimal(5)
        )
    with pytest.raises(services.ForumError):
        services.exhibition_sale_record(
            actor=world.organiser,
            booth=forum.family_booth,
            amount=Decimal(5),
            sold_on=forum.event.starts_on - timedelta(days=3),
        )


def test_the_report_counts_attendance_contacts_applications_and_conversion(world):
    forum = make_forum(world)
    job = Opportunity.objects.get(entity=world.employer)
    services.check_in_record(actor=world.organiser, event=forum.event, code="HSBY23")
    services.check_in_record(actor=world.organiser, event=forum.event, code="WXYZ23")
    services.booth_scan(actor=world.partner_trainer, booth=forum.trainer_booth, code="WXYZ23")
    services.application_record(
        actor=world.partner_employer, booth=forum.employer_booth, registration=forum.head_sby, opportunity=job
    )
    report = selectors.event_report(forum.event)
    assert report["registrations"] == {"total": 3, "invited": 2, "walk_in": 1, "attended": 2}
    assert report["attendance"][0]["attended"] == 2 and report["attendance"][1]["attended"] == 0
    assert {b.number: b.contacts for b in report["booths"]} == {"01": 1, "02": 1}
    assert report["applications"]["total"] == 1 and report["applications"]["referred"] == 1
    conversion = report["conversion"]
    assert conversion["attendees"] == 1  # the walk-in has no file to follow
    assert conversion["overall"]["referred"] == 1
    assert conversion["by_entity"]["EMP-DEMO"]["referred"] == 1
    assert conversion["by_track"]["employment"]["referred"] == 1
    rows = selectors.report_rows(forum.event, report)
    assert ["conversion", "referred", 1, ""] in rows
