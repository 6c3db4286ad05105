from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tamkeen.core.chain import GENESIS, event_digest


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


# Any constant works; it only has to be the same in every process that appends to the trail.
CHAIN_LOCK_KEY = 0x7A3C_A0D1_7C4A_1B


def _chain_tail(using: str) -> str:
    """The hash of the last event, taken so that no other transaction appends until this one ends.

    PostgreSQL: a transaction-level advisory lock (released at commit or rollback) serialises appenders, so two
    transactions never chain onto the same event. SQLite: writes are serialised by the database itself (every
    transaction begins IMMEDIATE), so the tail read inside the appending transaction is already the tail.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    last = models.QuerySet(AuditEvent, using=using).order_by("-id").values_list("hash", flat=True).first()
    return GENESIS if last is None else last


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
        with transaction.atomic(using=self.db):
            prev = _chain_tail(self.db)
            for event in objs:
                prev = _link(event, prev)
            return super().bulk_create(objs, *args, **kwargs)


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
        with transaction.atomic(using=using):
            _link(self, _chain_tail(using))
            super().save(*args, **kwargs)

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
