"""Every branch of the registry's access functions."""

import pytest
from django.http import Http404

from tamkeen.registry.access import (
    access_household,
    access_household_for_edit,
    access_member,
    access_member_for_edit,
    access_roll_import,
    households_visible_to,
    members_visible_to,
    roll_imports_visible_to,
)
from tamkeen.registry.models import RollImport

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_case_worker_sees_the_office(world):
    assert ids(households_visible_to(world.worker_sby)) == {world.household_sby.pk}
    assert ids(members_visible_to(world.worker_sby)) == {
        world.head_sby.pk,
        world.wife_sby.pk,
        world.son_sby.pk,
    }
    assert access_household(world.worker_sby, world.household_sby.pk) == world.household_sby
    with pytest.raises(Http404):
        access_household(world.worker_sby, world.household_frs.pk)


def test_case_worker_with_caseload_scope_sees_only_assigned_members(world, settings):
    settings.TAMKEEN_CASEWORKER_SCOPE = "caseload"
    # head and wife are assigned to Nora; the son is not.
    assert ids(members_visible_to(world.worker_sby)) == {world.head_sby.pk, world.wife_sby.pk}
    assert ids(households_visible_to(world.worker_sby)) == {world.household_sby.pk}
    with pytest.raises(Http404):
        access_member(world.worker_sby, world.son_sby.pk)
    # the supervisor still sees the whole office
    assert world.son_sby.pk in ids(members_visible_to(world.supervisor_sby))


def test_supervisor_sees_the_office(world):
    assert ids(households_visible_to(world.supervisor_frs)) == {world.household_frs.pk}
    assert ids(members_visible_to(world.supervisor_frs)) == {world.head_frs.pk}


def test_manager_sees_the_region(world):
    assert ids(households_visible_to(world.manager)) == {world.household_sby.pk, world.household_frs.pk}
    assert len(ids(members_visible_to(world.manager))) == 4


def test_manager_without_region_sees_nothing(world):
    world.manager.region = None
    assert not households_visible_to(world.manager).exists()
    assert not members_visible_to(world.manager).exists()


def test_beneficiary_sees_own_household_file_and_only_themself_read_only(world):
    user = world.beneficiary_sby
    assert ids(households_visible_to(user)) == {world.household_sby.pk}
    assert ids(members_visible_to(user)) == {world.head_sby.pk}
    assert ids(members_visible_to(world.beneficiary_wife)) == {world.wife_sby.pk}
    with pytest.raises(Http404):
        access_household_for_edit(user, world.household_sby.pk)
    with pytest.raises(Http404):
        access_member_for_edit(user, world.head_sby.pk)


@pytest.mark.parametrize("persona", ["partner_employer", "organiser", "auditor", "admin"])
def test_everyone_else_sees_none_of_the_registry(world, persona):
    user = world.users[persona]
    assert not households_visible_to(user).exists()
    assert not members_visible_to(user).exists()
    with pytest.raises(Http404):
        access_member(user, world.head_sby.pk)


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not households_visible_to(AnonymousUser()).exists()
    assert not members_visible_to(AnonymousUser()).exists()
    assert not roll_imports_visible_to(AnonymousUser()).exists()


def test_missing_and_not_yours_are_the_same_404(world):
    with pytest.raises(Http404) as missing:
        access_member(world.worker_frs, 999999)
    with pytest.raises(Http404) as not_yours:
        access_member(world.worker_frs, world.head_sby.pk)
    assert str(missing.value) == str(not_yours.value)


def test_manager_reads_but_does_not_edit(world):
    assert access_member(world.manager, world.head_sby.pk) == world.head_sby
    with pytest.raises(Http404):
        access_member_for_edit(world.manager, world.head_sby.pk)
    assert access_member_for_edit(world.worker_sby, world.head_sby.pk) == world.head_sby


def test_only_the_office_supervisor_sees_its_imports(world):
    roll_import = RollImport.objects.create(
        office=world.sby, created_by=world.supervisor_sby, original_name="r.csv", file="x.csv"
    )
    assert access_roll_import(world.supervisor_sby, roll_import.pk) == roll_import
    for persona in ("supervisor_frs", "worker_sby", "manager"):
        with pytest.raises(Http404):
            access_roll_import(world.users[persona], roll_import.pk)
