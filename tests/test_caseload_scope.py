"""With TAMKEEN_CASEWORKER_SCOPE = "caseload", Nora sees only the members assigned to her — in every app, not
only in the registry. Khalid, her supervisor, still sees the whole Sabya office. The registry's scope is the one
policy; these stories check that outcomes, enterprises, referrals and consent follow it."""

from datetime import date

import pytest
from django.urls import reverse

from tamkeen.consent.access import consent_members_visible_to
from tamkeen.enterprises.access import enterprises_visible_to
from tamkeen.enterprises.tests.factories import make_enterprise
from tamkeen.outcomes.access import can_verify_outcome, follow_ups_visible_to, outcomes_visible_to
from tamkeen.outcomes.services import outcome_report, outcome_verify
from tamkeen.referrals.access import referrals_visible_to
from tamkeen.referrals.tests.fixtures import referral_world
from tamkeen.registry.access import can_view_member, members_visible_to
from tests.personas import make_household, make_member


@pytest.fixture
def unassigned(world):
    """A second Sabya household whose only member has no case worker yet."""
    household = make_household("400199", world.sby, "SAB")
    member = make_member(household, "head", "سالم", "المالكي", work_capacity="able")
    outcome = outcome_report(
        actor=world.supervisor_sby,
        member=member,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        wage=5000,
    )
    enterprise = make_enterprise(household, member)
    return {"household": household, "member": member, "outcome": outcome, "enterprise": enterprise}


@pytest.mark.parametrize(
    ("scope", "nora_sees_it"), [("office", True), ("caseload", False)], ids=["office", "caseload"]
)
def test_an_unassigned_members_records_follow_the_case_worker_scope(
    world, settings, client, unassigned, scope, nora_sees_it
):
    settings.TAMKEEN_CASEWORKER_SCOPE = scope
    member, outcome = unassigned["member"], unassigned["outcome"]
    nora, khalid = world.worker_sby, world.supervisor_sby
    assert members_visible_to(nora).filter(pk=member.pk).exists() is nora_sees_it
    assert can_view_member(nora, member) is nora_sees_it
    assert outcomes_visible_to(nora).filter(pk=outcome.pk).exists() is nora_sees_it
    assert can_verify_outcome(nora, outcome) is nora_sees_it
    assert enterprises_visible_to(nora).filter(pk=unassigned["enterprise"].pk).exists() is nora_sees_it
    assert consent_members_visible_to(nora).filter(pk=member.pk).exists() is nora_sees_it
    for reader in (khalid, world.manager):
        assert outcomes_visible_to(reader).filter(pk=outcome.pk).exists()
        assert enterprises_visible_to(reader).filter(pk=unassigned["enterprise"].pk).exists()
    assert not outcomes_visible_to(world.worker_frs).filter(pk=outcome.pk).exists()

    client.force_login(nora)
    expected = 200 if nora_sees_it else 404
    assert client.get(reverse("outcomes:detail", args=[outcome.pk])).status_code == expected
    assert (
        client.get(reverse("enterprises:detail", args=[unassigned["enterprise"].pk])).status_code == expected
    )
    listing = client.get(reverse("outcomes:list")).content.decode()
    assert (member.family_name in listing) is nora_sees_it


def test_under_the_caseload_scope_a_case_worker_sees_only_assigned_members_referrals(world, settings):
    settings.TAMKEEN_CASEWORKER_SCOPE = "caseload"
    objects = referral_world(world)
    visible = set(referrals_visible_to(world.worker_sby).values_list("pk", flat=True))
    assert {objects["sent"].pk, objects["proposed"].pk} <= visible
    assert not referrals_visible_to(world.worker_frs).filter(pk=objects["sent"].pk).exists()


def test_follow_ups_of_an_unassigned_member_stay_with_the_office(world, settings, unassigned):
    settings.TAMKEEN_CASEWORKER_SCOPE = "caseload"
    outcome_verify(actor=world.supervisor_sby, outcome=unassigned["outcome"], evidence_kind="document")
    assert follow_ups_visible_to(world.supervisor_sby).filter(outcome=unassigned["outcome"]).exists()
    assert not follow_ups_visible_to(world.worker_sby).filter(outcome=unassigned["outcome"]).exists()
