"""Nora's search by number at a million households: each lookup on its own index, the same people found.

A number may be a national ID, a household's file number or a mobile. Written as one ``OR`` across the member
and household tables, no index can answer it and PostgreSQL reads the whole registry; the search runs each
lookup on its own index and combines the ids. These stories check it finds exactly what the ``OR`` finds,
inside the same visibility, and (on PostgreSQL) that the plan has no sequential scan of either table.
"""

import re

import pytest
from django.db import connection, transaction
from django.db.models import Q

from tamkeen.registry.access import members_visible_to
from tamkeen.registry.selectors import matching_member_ids, search_members
from tests.personas import make_household, make_member

pytestmark = pytest.mark.django_db


def one_or_condition(number: str) -> Q:
    """The search as one condition: the reference the indexed lookups must agree with."""
    return Q(national_id=number) | Q(household__file_number=number) | Q(phone=number)


@pytest.fixture
def crossed_number(world):
    """A Sabya household whose file number is the national ID of Fatima's head of household in Farasan."""
    household = make_household(world.head_frs.national_id, world.sby, "SAB")
    make_member(household, "head", "سالم", "الشهري")
    return world.head_frs.national_id


@pytest.mark.parametrize("persona", ["worker_sby", "supervisor_sby", "worker_frs", "manager"])
def test_every_persona_finds_what_the_or_finds_within_their_visibility(world, crossed_number, persona):
    user = getattr(world, persona)
    numbers = [crossed_number, world.wife_sby.national_id, "400100", "500200", "+966501234567", "0000000"]
    for number in numbers:
        expected = set(members_visible_to(user).filter(one_or_condition(number)).values_list("pk", flat=True))
        assert set(search_members(user, number).values_list("pk", flat=True)) == expected, number


def test_a_number_finds_both_the_person_and_the_file(world, crossed_number):
    # Abdulrahman reads the region: the number is Fatima's ID in Farasan and a file number in Sabya.
    found = search_members(world.manager, crossed_number)
    assert world.head_frs in found
    assert found.filter(household__file_number=crossed_number).count() == 1
    # Nora sees only Sabya: the file, never the Farasan person whose ID it is.
    assert set(search_members(world.worker_sby, crossed_number)) == set(
        search_members(world.manager, crossed_number).filter(household__office=world.sby)
    )
    assert world.head_frs not in search_members(world.worker_sby, crossed_number)


def plan(queryset) -> str:
    """PostgreSQL's plan with sequential scans priced out: a scan left in the plan is one no index can avoid,
    so the check does not depend on the tables being large."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def index_conditions(text: str) -> set[str]:
    """The columns the plan looks up through an index (``Index Cond: ((national_id)::text = ...)``)."""
    return set(re.findall(r"Index Cond: \(\((\w+)\)", text))


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans")
def test_the_number_lookups_use_their_indexes_on_postgresql(world):
    for number in (world.wife_sby.national_id, "400100", "0501234567"):
        # The ids a number matches, each branch through its own index…
        text = plan(matching_member_ids(number))
        assert "Seq Scan on registry_member" not in text, text
        assert "Seq Scan on registry_household" not in text, text
        expected = {"national_id", "file_number"} | ({"phone"} if number.startswith("05") else set())
        assert index_conditions(text) >= expected, text
        # …then the page (and its COUNT) reads only those members, by primary key.
        text = plan(search_members(world.worker_sby, number))
        assert "Seq Scan on registry_member" not in text, text
        assert "Seq Scan on registry_household" not in text, text
    # The single OR across the two tables is what the search avoids: it reads every member of the office and
    # filters them, looking up neither the national ID nor the file number.
    text = plan(members_visible_to(world.worker_sby).filter(one_or_condition("400100")))
    assert not index_conditions(text) & {"national_id", "file_number"}, text
