"""The registry seed step stores the generator's households (SQLite here; PostgreSQL takes the COPY path)."""

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth.hashers import check_password
from django.db import transaction

from tamkeen.accounts.models import Role, User
from tamkeen.core.models import AuditEvent
from tamkeen.core.names import name_parts_key
from tamkeen.demo.seeding import DEMO_PASSWORD, SeedContext
from tamkeen.registry import seed as registry_seed
from tamkeen.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def seed_region(households: int, random_seed: int = 1440) -> SeedContext:
    from tamkeen.accounts import seed as accounts_seed
    from tamkeen.geography import seed as geography_seed
    from tamkeen.partners import seed as partners_seed

    ctx = SeedContext(households=households, random_seed=random_seed)
    for step in (geography_seed, partners_seed, accounts_seed):
        with transaction.atomic():
            step.seed(ctx)
    registry_seed.seed(ctx)
    return ctx


def test_seeding_stores_households_members_case_workers_and_beneficiary_logins():
    ctx = seed_region(300)

    assert ctx.counts["households"] == Household.objects.count() == 300
    assert ctx.counts["members"] == Member.objects.count() > 1200
    assert Member.objects.filter(relation="head").count() == 300
    for member in Member.objects.all()[:500]:
        key = name_parts_key(
            member.first_name, member.father_name, member.grandfather_name, member.family_name
        )
        assert member.name_key == key
    # Working-age members (18–60) have a case worker of their household's office, shared out evenly.
    today = date.today()
    workers_by_office = Counter()
    for member in Member.objects.select_related("household", "case_worker"):
        age = (
            today.year
            - member.birth_date.year
            - ((today.month, today.day) < (member.birth_date.month, member.birth_date.day))
        )
        if 18 <= age <= 60:
            assert member.case_worker.role == Role.CASE_WORKER
            assert member.case_worker.office_id == member.household.office_id
            workers_by_office[member.case_worker_id] += 1
        elif not (17 <= age <= 61):  # a birthday between generation and now moves the boundary by a day
            assert member.case_worker is None
    sby_loads = [
        n for worker, n in workers_by_office.items() if User.objects.get(pk=worker).office.code == "SBY"
    ]
    assert max(sby_loads) - min(sby_loads) <= 1

    logins = User.objects.filter(role=Role.BENEFICIARY).order_by("username")
    assert [u.username for u in logins] == [f"beneficiary.{n}" for n in range(1, 6)]
    for user in logins:
        assert user.member.relation == "head" and user.member.household.office.code == "SBY"
        assert check_password(DEMO_PASSWORD, user.password)
    assert AuditEvent.objects.filter(action="registry.seeded").count() == 1


def test_the_same_random_seed_gives_the_same_people():
    seed_region(60, random_seed=7)
    first = list(
        Member.objects.order_by("id").values_list("national_id", "first_name", "birth_date", "phone")
    )
    Member.objects.update(user=None)
    Member.objects.all().delete()
    Household.objects.all().delete()
    registry_seed.seed(SeedContext(households=60, random_seed=7))
    again = list(
        Member.objects.order_by("id").values_list("national_id", "first_name", "birth_date", "phone")
    )
    assert again == first


def test_seeding_again_adds_households_without_colliding():
    seed_region(50)
    before = Member.objects.count()
    registry_seed.seed(SeedContext(households=50, random_seed=1440))
    assert Household.objects.count() == 100
    assert Member.objects.values("national_id").distinct().count() == Member.objects.count() > before
    assert User.objects.filter(role=Role.BENEFICIARY, member__isnull=False).count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_large_load_on_postgresql_puts_every_index_back_as_it_was(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the index rebuild is PostgreSQL-only")

    def index_definitions() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename IN ('registry_member', 'registry_household')"
            )
            return {row[0] for row in cursor.fetchall()}

    before = index_definitions()
    monkeypatch.setattr(registry_seed, "LARGE_LOAD", 1)
    seeded = []
    real_flush = registry_seed._flush

    def flush_and_look(*args):
        seeded.append(index_definitions())  # during the load the plain indexes are gone
        return real_flush(*args)

    monkeypatch.setattr(registry_seed, "_flush", flush_and_look)
    seed_region(30)
    assert index_definitions() == before
    assert len(seeded[0]) < len(before)
    assert Member.objects.filter(relation="head").count() == 30
