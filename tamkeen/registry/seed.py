"""Demo registry: synthetic households and members for the offices the geography step loaded.

People come from the pure generator ``tamkeen.registry.synthetic.people`` (its docstring says how the population
is made). This step only stores them, built to scale to ``tamkeen seed --households 1000000`` on PostgreSQL:

* streamed in batches of ``BATCH_HOUSEHOLDS`` households, one transaction per batch (``COMMITS_IN_BATCHES``),
  so memory stays flat and a long run shows progress;
* no query per row: offices, governorates and case workers are looked up once; household primary keys are
  assigned here (after the current maximum) so members can point at them without reading anything back;
* on PostgreSQL both tables are written with ``COPY … FROM STDIN`` (psycopg 3), several times faster than
  ``bulk_create``; elsewhere (SQLite, the default demo) with ``bulk_create(batch_size=…)``;
* name matching keys use ``core.names.name_parts_key`` part by part, memoised: the vocabulary is small;
* every member of working age (18–60) gets a case worker of the household's office, round-robin over that
  office's case workers (created by the accounts step);
* a few beneficiary logins (``beneficiary.1`` …) for heads of Sabya households, for the demo to print;
* one audit line for the whole run: seeding is not a user action on each record.

Ages and dates are reckoned from the day of seeding, so a given ``--random-seed`` gives the same people on the
same day (on another day, essentially the same people with their dates moved by as many days). A second run adds households after the existing ones
(file numbers and national-ID counters continue), rather than colliding with them.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from tamkeen.accounts.models import Role, User
from tamkeen.accounts.services import user_upsert
from tamkeen.core.audit import audit_record
from tamkeen.core.names import name_parts_key
from tamkeen.demo.seeding import DEMO_PASSWORD
from tamkeen.geography.models import Governorate, Office
from tamkeen.registry.models import Household, Member
from tamkeen.registry.synthetic.people import DEFAULT_START_FILE_NUMBER, generate_households

COMMITS_IN_BATCHES = True
BATCH_HOUSEHOLDS = 2000
WORKING_AGE = (18, 60)
BENEFICIARY_LOGINS = 5
BENEFICIARY_OFFICE = "SBY"
# From this many households on PostgreSQL, plain indexes are dropped during the load and rebuilt after it.
LARGE_LOAD = 50_000
# Set to False to measure the portable bulk_create path on PostgreSQL too.
USE_COPY_ON_POSTGRESQL = True

HOUSEHOLD_FIELDS = [
    "id",
    "file_number",
    "office",
    "governorate",
    "address",
    "status",
    "monthly_income",
    "pension_amount",
    "registered_on",
    "needs_review",
    "last_roll_at",
    "created_at",
    "updated_at",
]
MEMBER_FIELDS = [
    "household",
    "national_id",
    "relation",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_key",
    "gender",
    "birth_date",
    "phone",
    "education",
    "marital_status",
    "disability",
    "is_disability_registered",
    "work_capacity",
    "is_full_time_student",
    "is_caregiver",
    "skills",
    "employment_status",
    "is_on_employment_platform",
    "employment_platform_date",
    "case_worker",
    "user",
    "needs_review",
    "created_at",
    "updated_at",
]


@cache
def _part_key(part: str) -> str:
    return name_parts_key(part, None, None, None)


def name_key(first: str, father: str, grandfather: str, family: str) -> str:
    """Same as ``name_parts_key`` (which normalises each part on its own), memoised per part."""
    return " ".join(key for key in map(_part_key, (first, father, grandfather, family)) if key)


class _Lookups:
    """Everything the rows need from the database, read once."""

    def __init__(self):
        offices = list(Office.objects.prefetch_related("governorates").order_by("code"))
        self.office_id = {office.code: office.pk for office in offices}
        self.office_by_governorate: dict[str, str] = {}
        for office in offices:
            for governorate in office.governorates.all():
                self.office_by_governorate.setdefault(governorate.code, office.code)
        served = Governorate.objects.filter(code__in=self.office_by_governorate).order_by("code")
        self.governorates = [(gov.code, max(gov.population, 1)) for gov in served]
        self.governorate_id = {gov.code: gov.pk for gov in served}
        workers: dict[str, list[int]] = {code: [] for code in self.office_id}
        for user_id, office_code in (
            User.objects.filter(role=Role.CASE_WORKER, office__isnull=False, is_active=True)
            .order_by("username")
            .values_list("pk", "office__code")
        ):
            workers[office_code].append(user_id)
        self.workers = workers
        self.next_worker = dict.fromkeys(workers, 0)

    def case_worker(self, office_code: str) -> int | None:
        workers = self.workers[office_code]
        if not workers:
            return None
        index = self.next_worker[office_code]
        self.next_worker[office_code] = index + 1
        return workers[index % len(workers)]


def _rows(batch: list[dict], first_id: int, lookups: _Lookups, now: datetime):
    """Plain tuples in HOUSEHOLD_FIELDS / MEMBER_FIELDS order."""
    households, members = [], []
    low, high = WORKING_AGE
    for offset, household in enumerate(batch):
        household_id = first_id + offset
        office = household["office_code"]
        households.append(
            (
                household_id,
                household["file_number"],
                lookups.office_id[office],
                lookups.governorate_id[household["governorate_code"]],
                household["address"],
                household["status"],
                household["monthly_income"],
                household["pension_amount"],
                household["registered_on"],
                False,
                None,
                now,
                now,
            )
        )
        for m in household["members"]:
            worker = lookups.case_worker(office) if low <= m["age"] <= high else None
            members.append(
                (
                    household_id,
                    m["national_id"],
                    m["relation"],
                    m["first_name"],
                    m["father_name"],
                    m["grandfather_name"],
                    m["family_name"],
                    name_key(m["first_name"], m["father_name"], m["grandfather_name"], m["family_name"]),
                    m["gender"],
                    m["birth_date"],
                    m["phone"],
                    m["education"],
                    m["marital_status"],
                    m["disability"],
                    m["is_disability_registered"],
                    m["work_capacity"],
                    m["is_full_time_student"],
                    m["is_caregiver"],
                    "",
                    m["employment_status"],
                    m["is_on_employment_platform"],
                    m["employment_platform_date"],
                    worker,
                    None,
                    False,
                    now,
                    now,
                )
            )
    return households, members


def _columns(model, fields: list[str]) -> str:
    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)


def _copy(model, fields: list[str], rows: list[tuple]) -> None:
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({_columns(model, fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        # write_row (psycopg's C adaptation) measured faster than building COPY text in Python: 7 µs vs 12 µs.
        for row in rows:
            copy.write_row(row)


def _bulk_create(model, fields: list[str], rows: list[tuple]) -> None:
    attnames = [model._meta.get_field(name).attname for name in fields]
    objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=1000)


def _write(households: list[tuple], members: list[tuple]) -> None:
    postgresql = connection.vendor == "postgresql"
    write = _copy if postgresql and USE_COPY_ON_POSTGRESQL else _bulk_create
    with transaction.atomic():
        if postgresql:
            # Demo data: a crash may lose the last batches, never corrupt anything; no fsync wait per batch.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        write(Household, HOUSEHOLD_FIELDS, households)
        write(Member, MEMBER_FIELDS, members)


def _secondary_indexes(models) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the non-unique indexes of the models' tables (PostgreSQL)."""
    sql = """
        SELECT index_class.relname, pg_get_indexdef(index_class.oid)
        FROM pg_index JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
        WHERE pg_index.indrelid = %s::regclass AND NOT pg_index.indisunique AND NOT pg_index.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = index_class.oid)
        ORDER BY index_class.relname
    """
    indexes = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(sql, [model._meta.db_table])
            indexes += cursor.fetchall()
    return indexes


@contextmanager
def _without_secondary_indexes(enabled: bool):
    """A large load into PostgreSQL: drop the plain (non-unique) indexes, then build them again in one pass.

    Inserting millions of random keys (names, phones) into btrees larger than shared_buffers is far slower than
    sorting once. Unique indexes stay, so duplicates are still refused. The statements are read from the
    catalogue, so the indexes come back exactly as the migrations made them, even if the load fails.
    """
    if not enabled:
        yield
        return
    indexes = _secondary_indexes([Household, Member])
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _, statement in indexes:
                cursor.execute(statement)
            cursor.execute("RESET maintenance_work_mem")


def seed(ctx) -> None:
    started = time.monotonic()
    lookups = _Lookups()
    if not lookups.governorates:
        ctx.say("registry: no office serves any governorate; nothing to seed")
        return
    # Continue after whatever is there (a second `tamkeen seed` adds households rather than colliding).
    existing_households = Household.objects.count()
    first_id = (Household.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    start_file_number = DEFAULT_START_FILE_NUMBER + existing_households
    generator = generate_households(
        ctx.households,
        ctx.random_seed,
        lookups.governorates,
        lookups.office_by_governorate,
        start_file_number,
        id_offset=Member.objects.count(),
        as_of=date.today(),
    )
    now = datetime.now(UTC)
    done = members_done = 0
    batch: list[dict] = []
    # Not inside a caller's transaction: the batches must commit before the indexes can be built again.
    large = (
        connection.vendor == "postgresql"
        and USE_COPY_ON_POSTGRESQL
        and ctx.households >= LARGE_LOAD
        and not connection.in_atomic_block
    )
    with _without_secondary_indexes(large):
        for household in generator:
            batch.append(household)
            if len(batch) == BATCH_HOUSEHOLDS:
                members_done += _flush(batch, first_id + done, lookups, now)
                done += len(batch)
                batch = []
                _progress(ctx, done, members_done, started)
        if batch:
            members_done += _flush(batch, first_id + done, lookups, now)
            done += len(batch)
            _progress(ctx, done, members_done, started)
        if large:
            ctx.say("registry: rebuilding indexes …")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Household]):
                cursor.execute(statement)
    with transaction.atomic():
        logins = _beneficiary_logins(start_file_number, done)
        audit_record(
            actor=None,
            action="registry.seeded",
            object_type="registry.household",
            changes={"households": [existing_households, existing_households + done]},
            reason=f"synthetic demo data: {done} households, {members_done} members, seed {ctx.random_seed}",
        )
    ctx.count("households", done)
    ctx.count("members", members_done)
    ctx.count("beneficiary_logins", logins)


def _flush(batch: list[dict], first_id: int, lookups: _Lookups, now: datetime) -> int:
    households, members = _rows(batch, first_id, lookups, now)
    _write(households, members)
    return len(members)


def _progress(ctx, done: int, members: int, started: float) -> None:
    seconds = time.monotonic() - started
    ctx.say(f"registry: {done:,} households / {ctx.households:,}, {members:,} members, {seconds:,.0f} s")


def _beneficiary_logins(start_file_number: int, count: int) -> int:
    """Logins for the first heads of Sabya households seeded in this run (the demo prints them)."""
    heads = list(
        Member.objects.filter(
            relation=Member.Relation.HEAD,
            household__office__code=BENEFICIARY_OFFICE,
            household__file_number__in=[
                str(n) for n in range(start_file_number, start_file_number + min(count, 500))
            ],
        ).order_by("household__file_number")[:BENEFICIARY_LOGINS]
    )
    password_hash = make_password(DEMO_PASSWORD)
    for number, head in enumerate(heads, start=1):
        user = user_upsert(
            actor=None,
            username=f"beneficiary.{number}",
            role=Role.BENEFICIARY,
            password_hash=password_hash,
            first_name=head.first_name,
            last_name=head.family_name,
            phone=head.phone,
            office=None,
        )
        Member.objects.filter(user=user).exclude(pk=head.pk).update(user=None)
        Member.objects.filter(pk=head.pk).update(user=user)
    return len(heads)
