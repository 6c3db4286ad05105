"""A roll is partial unless the supervisor declares it the office's complete roll; flags are reviewed.

Khalid (supervisor_sby) uploads a roll of one Sabya household. Muhammad's household, already in the
registry and not in that file, must not be flagged: the file says nothing about it. Only a complete roll
flags the office's members it omits, the summary says how many, and Khalid resolves each flag with what
he found.
"""

import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from tamkeen.core.models import AuditEvent
from tamkeen.registry.models import Member, RecordChange, ReviewFlag, RollImport
from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.services import member_review_resolve

from .rollfiles import household_rows, write_csv

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"rows", "households_created", "households_updated", "members_created", "members_updated",
                 "unchanged", "rejected"}  # fmt: skip


def sabya_members(world):
    return Member.objects.filter(household=world.household_sby)


def test_a_roll_of_one_household_flags_nobody_else(world, tmp_path):
    path = write_csv(tmp_path / "one.csv", household_rows("710001", 2))
    result = RollImporter(path).run()
    assert result.members_created == 2
    assert result.flagged == 0
    assert not sabya_members(world).filter(needs_review=True).exists()
    assert not ReviewFlag.objects.exists()
    assert not AuditEvent.objects.filter(action="registry.member.flag_review").exists()


def test_a_complete_roll_flags_the_office_members_it_omits(world, tmp_path):
    path = write_csv(tmp_path / "all.csv", household_rows("710001", 2))
    result = RollImporter(path, complete=True).run()
    omitted = set(sabya_members(world).values_list("pk", flat=True))
    assert result.flagged == len(omitted) == 3
    assert set(Member.objects.filter(needs_review=True).values_list("pk", flat=True)) == omitted
    flags = ReviewFlag.objects.filter(member_id__in=omitted)
    assert {flag.reason for flag in flags} == {ReviewFlag.Reason.MISSING_FROM_COMPLETE_ROLL}
    assert {flag.source for flag in flags} == {"all.csv"}
    assert AuditEvent.objects.filter(
        action="registry.member.flag_review", member_id=world.head_sby.pk
    ).exists()
    # Farasan is not covered by a Sabya file, complete or not.
    assert not Member.objects.filter(household__office=world.frs, needs_review=True).exists()


def test_the_command_is_partial_by_default_and_adds_a_flagged_count(world, tmp_path):
    path = write_csv(tmp_path / "one.csv", household_rows("710001", 2))
    out = StringIO()
    call_command("import_roll", str(path), stdout=out)
    summary = json.loads(out.getvalue())
    assert set(summary) >= CONTRACT_KEYS and summary["flagged"] == 0
    assert not sabya_members(world).filter(needs_review=True).exists()

    out = StringIO()
    call_command("import_roll", str(path), "--complete", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["flagged"] == 3 and summary["unchanged"] == 2
    assert sabya_members(world).filter(needs_review=True).count() == 3


def test_a_member_resolved_as_gone_is_not_flagged_again(world, tmp_path):
    path = write_csv(tmp_path / "all.csv", household_rows("710001", 2))
    RollImporter(path, complete=True).run()
    member_review_resolve(actor=world.supervisor_sby, member=world.son_sby, resolution="moved_office")
    member_review_resolve(actor=world.supervisor_sby, member=world.wife_sby, resolution="still_member")
    member_review_resolve(actor=world.supervisor_sby, member=world.head_sby, resolution="still_member")
    result = RollImporter(path, complete=True).run()
    assert result.flagged == 2
    assert not Member.objects.get(pk=world.son_sby.pk).needs_review
    assert Member.objects.get(pk=world.wife_sby.pk).needs_review


def test_khalid_resolves_a_flag_with_what_he_found(world, tmp_path):
    RollImporter(write_csv(tmp_path / "all.csv", household_rows("710001", 2)), complete=True).run()
    closed = member_review_resolve(
        actor=world.supervisor_sby,
        member=world.son_sby,
        resolution="left_household",
        note="married, moved out",
    )
    assert closed == 1
    son = Member.objects.get(pk=world.son_sby.pk)
    assert not son.needs_review
    flag = ReviewFlag.objects.get(member=son)
    assert (flag.resolution, flag.resolved_by, flag.note) == ("left_household", world.supervisor_sby,
                                                              "married, moved out")  # fmt: skip
    event = AuditEvent.objects.get(action="registry.member.review_resolve", member_id=son.pk)
    assert event.actor == world.supervisor_sby and event.changes["review_resolution"] == [
        None,
        "left_household",
    ]
    assert RecordChange.objects.filter(member=son, changes__needs_review=["True", "False"]).exists()
    with pytest.raises(ValidationError):  # nothing left to resolve
        member_review_resolve(actor=world.supervisor_sby, member=son, resolution="deceased")


@pytest.mark.parametrize("persona", ["worker_sby", "supervisor_frs", "manager"])
def test_only_the_office_supervisor_resolves(world, tmp_path, persona):
    RollImporter(write_csv(tmp_path / "all.csv", household_rows("710001", 2)), complete=True).run()
    with pytest.raises(PermissionDenied):
        member_review_resolve(actor=world.users[persona], member=world.son_sby, resolution="deceased")
    assert Member.objects.get(pk=world.son_sby.pk).needs_review


def test_the_review_list_and_the_decision_page(world, client_for, tmp_path):
    RollImporter(write_csv(tmp_path / "all.csv", household_rows("710001", 2)), complete=True).run()
    client = client_for(world.supervisor_sby)
    page = client.get(reverse("registry:reviews"))
    listed = {member.pk for member in page.context["page"]}
    assert listed == set(sabya_members(world).values_list("pk", flat=True))
    assert world.son_sby.full_name in page.content.decode()

    url = reverse("registry:review_resolve", args=[world.son_sby.pk])
    assert client.post(url, {"resolution": "nonsense"}).status_code == 200  # the form says what is wrong
    response = client.post(url, {"resolution": "deceased", "note": ""})
    assert response.status_code == 302 and response.url == reverse("registry:reviews")
    assert ReviewFlag.objects.get(member=world.son_sby).resolution == "deceased"
    assert world.son_sby.pk not in {
        member.pk for member in client.get(reverse("registry:reviews")).context["page"]
    }

    other = client_for(world.supervisor_frs)
    assert not list(other.get(reverse("registry:reviews")).context["page"])
    assert other.post(reverse("registry:review_resolve", args=[world.wife_sby.pk]),
                      {"resolution": "deceased"}).status_code == 404  # fmt: skip
    assert client_for(world.worker_sby).get(reverse("registry:reviews")).status_code == 403
    assert Member.objects.get(pk=world.wife_sby.pk).needs_review


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("complete", [False, True])
def test_the_web_upload_is_partial_unless_ticked(world, client_for, tmp_path, immediate_tasks, complete,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    path = write_csv(tmp_path / "one.csv", household_rows("710001", 2))
    client = client_for(world.supervisor_sby)
    data = {"complete": "on"} if complete else {}
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as handle:
        response = client.post(reverse("registry:imports"), {"file": handle, **data})
    roll_import = RollImport.objects.get()
    assert roll_import.complete is complete and roll_import.status == "done"
    assert roll_import.counts["flagged"] == (3 if complete else 0)
    assert sabya_members(world).filter(needs_review=True).count() == (3 if complete else 0)
    assert "flagged-count" in client.get(response.url).content.decode()
