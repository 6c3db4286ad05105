import functools

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.core.chain import GENESIS, ROW_FIELDS, event_digest


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class LocalisedNameMixin:
    """Reference data carries both names; the active language picks one."""

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "ar").startswith("en") and self.name_en else self.name_ar

    def __str__(self) -> str:
        return self.name


# The tail row's id: the table holds this one row.
CHAIN_TAIL = 1


def _chain_tail(using: str) -> "ChainTail":
    """The chain's tail (last line's id and hash), locked so that no other transaction appends until this one ends.

    PostgreSQL: SELECT ... FOR UPDATE on the one tail row serialises appenders exactly as the former
    transaction-level advisory lock did: every appender takes it before reading the tail, it is held until
    commit or rollback, and a waiter then reads the row as the committer left it (READ COMMITTED re-reads a
    locked row once it is released), so two transactions never chain onto the same line. The row replaces
    reading the trail's last line, which on the partitioned trail probes every month's partition. SQLite
    ignores FOR UPDATE: writes are serialised by the database itself (every transaction begins IMMEDIATE).
    Being a row in the appending transaction, the tail rolls back with the lines it points at.
    """
    tails = ChainTail.objects.using(using).select_for_update().filter(pk=CHAIN_TAIL)
    tail = tails.first()
    if tail is None:
        # Only a database emptied by flush (tests) lacks the row: take it from the trail. If two appenders
        # both find it missing, the second's insert waits for the first and is ignored.
        last = models.QuerySet(AuditEvent, using=using).order_by("-id").values_list("id", "hash").first()
        last_id, last_hash = last or (0, GENESIS)
        ChainTail.objects.using(using).bulk_create(
            [ChainTail(pk=CHAIN_TAIL, last_id=last_id, last_hash=last_hash)], ignore_conflicts=True
        )
        tail = tails.get()
    return tail


# The pages' reads append a few lines at a time; larger batches (imports, the seed) take the tail's lock first.
AT_ONCE_MAX_EVENTS = 500
AT_ONCE_ATTEMPTS = 3
# The columns an append writes besides id, in the order of the statement below: the chain's own row order.
APPENDED_FIELDS = ROW_FIELDS[1:]


def _append_at_once(events: list["AuditEvent"], using: str) -> bool:
    """PostgreSQL: the events linked onto the tail as last read, inserted and the tail moved in ONE statement
    that succeeds only if the tail is still the one read. False if another line came first (or on SQLite).

    _chain_tail holds the tail's lock from its SELECT ... FOR UPDATE to the commit, across the insert, the tail's
    update and the Python between them; under load each of those waits for a core, and every audited page queued
    behind it. Here the lock is held for one statement (and, outside a transaction, its own commit). The chain's
    order stays the ids' order: the ids come from the trail's own sequence inside the statement, after its
    snapshot, and the statement only succeeds if no line was appended since, so every line chained after it
    draws its ids later (a statement that lost the race leaves a gap in the ids, as a rollback does).
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not 0 < len(events) <= AT_ONCE_MAX_EVENTS:
        return False
    fields = [AuditEvent._meta.get_field(name) for name in APPENDED_FIELDS]
    for _attempt in range(AT_ONCE_ATTEMPTS):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT last_hash FROM {ChainTail._meta.db_table} WHERE id = %s", [CHAIN_TAIL])
            row = cursor.fetchone()
        if row is None:
            return False  # a flushed database: _chain_tail rebuilds the row
        prev = last = row[0]
        for event in events:
            last = _link(event, last)
        # One array per column: the statement's text is the same for any number of lines, so psycopg converts
        # it once per process (it re-parses every statement longer than 4 kB or with more than 50 parameters,
        # as the former VALUES list of 11 placeholders per line was: a sixth of an audited list page's CPU).
        columns = [
            [field.get_db_prep_save(getattr(event, field.attname), connection) for event in events]
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(_append_sql(using), [len(events), last, CHAIN_TAIL, prev, *columns])
            ids = sorted(row[0] for row in cursor.fetchall())
        if ids:
            for event, pk in zip(events, ids, strict=True):
                event.pk = pk
                event._state.adding = False
                event._state.db = using
            return True
    return False


@functools.cache
def _append_sql(alias: str) -> str:
    """The one statement of _append_at_once: the lines come as one array per column, zipped by unnest in
    their order (WITH ORDINALITY numbers them), and take the ids drawn in that order."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = [AuditEvent._meta.get_field(name) for name in APPENDED_FIELDS]
    aliases = [f"c{n}" for n in range(len(fields))]
    # Each array cast to its column's type: an array of NULLs would otherwise be text.
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    return (
        "WITH ids AS MATERIALIZED (SELECT row_number() OVER (ORDER BY id) AS n, id FROM "
        f"(SELECT nextval(pg_get_serial_sequence('{AuditEvent._meta.db_table}', 'id')) AS id "
        "FROM generate_series(1, %s)) AS allocated), "
        f"tail AS (UPDATE {quote(ChainTail._meta.db_table)} SET last_id = (SELECT max(id) FROM ids), "
        "last_hash = %s WHERE id = %s AND last_hash = %s RETURNING id) "
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} "
        f"(id, {', '.join(quote(field.column) for field in fields)}) "
        f"SELECT ids.id, {', '.join(f'v.{alias}' for alias in aliases)} "
        f"FROM unnest({arrays}) WITH ORDINALITY AS v({', '.join(aliases)}, n) "
        "JOIN ids USING (n) WHERE EXISTS (SELECT FROM tail) RETURNING id"
    )


def _advance(tail: "ChainTail", last: "AuditEvent", using: str) -> None:
    tail.last_id, tail.last_hash = last.pk, last.hash
    tail.save(using=using, update_fields=["last_id", "last_hash"])


def _link(event: "AuditEvent", prev_hash: str) -> str:
    event.prev_hash = prev_hash
    event.hash = event_digest(prev_hash, **event.chain_fields())
    return event.hash


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def delete(self):
        raise PermissionError("The audit trail is append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            raise PermissionError("The audit trail is append-only.")
        objs = list(objs)
        if not objs:
            return objs
        if set(kwargs) <= {"batch_size"} and not args and _append_at_once(objs, self.db):
            return objs
        with transaction.atomic(using=self.db):
            tail = _chain_tail(self.db)
            prev = tail.last_hash
            for event in objs:
                prev = _link(event, prev)
            created = super().bulk_create(objs, *args, **kwargs)
            if objs[-1].pk is None:  # a backend that does not return ids: the last line is the largest id
                objs[-1].pk = (
                    models.QuerySet(AuditEvent, using=self.db).order_by("-id").values_list("id", flat=True)[0]
                )
            _advance(tail, objs[-1], self.db)
            return created


class AuditEvent(models.Model):
    """One line of the append-only audit trail: a write, or a read of a person's record."""

    class Kind(models.TextChoices):
        WRITE = "write", _("change")
        READ = "read", _("read")

    # Set when the event is built (not at insert) because the hash covers it.
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.WRITE)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    # The person whose data this concerns, so a member's "who saw my data" list is one indexed query.
    member_id = models.BigIntegerField(_("member"), null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The tamper-evident chain: the previous event's hash and this one's (tamkeen.core.chain).
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="", editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if set(kwargs) <= {"using", "force_insert"} and not args and _append_at_once([self], using):
            return
        with transaction.atomic(using=using):
            tail = _chain_tail(using)
            _link(self, tail.last_hash)
            super().save(*args, **kwargs)
            _advance(tail, self, using)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only.")

    def chain_fields(self) -> dict:
        return {
            "at": self.at,
            "actor_id": self.actor_id,
            "kind": self.kind,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "member_id": self.member_id,
            "changes": self.changes,
            "reason": self.reason,
        }


class ChainTail(models.Model):
    """The audit chain's last line (its id and hash) in one row, moved by every append in the same transaction,
    so an append links without reading the trail (tamkeen.core.models._chain_tail)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=CHAIN_TAIL, editable=False)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.last_id} {self.last_hash}"


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, written every few seconds, so the health page and the reclaimer of stale
    tasks can tell a busy worker from a dead one."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=120)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)
    task_path = models.CharField(_("running task"), max_length=200, blank=True)
    task_started_at = models.DateTimeField(_("task started at"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class DatedRule(models.Model):
    """A policy value that changes by decision, not by release: target ages, the weighting of a quota.

    Each row holds a named rule's values from ``valid_from`` on; the row with the latest ``valid_from`` on or
    before a day is the rule in force that day. Rows are written only by ``tamkeen.core.rules.dated_rule_set``
    (audited, never dated in the past), so an answer given for a past day never changes. The apps name their
    rules and give their defaults (the rule before any row exists); core knows nothing of what they mean.
    """

    name = models.CharField(_("rule"), max_length=60)
    valid_from = models.DateField(_("in force from"))
    values = models.JSONField(_("values"))
    reason = models.CharField(_("why"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dated rule")
        verbose_name_plural = _("dated rules")
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["name", "valid_from"], name="one_dated_rule_per_name_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.valid_from}"
