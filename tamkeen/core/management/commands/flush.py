"""Django's flush, able to empty the audit trail on SQLite.

SQLite empties tables with DELETE, which the trail's trigger refuses; flush (what the test runner uses
between transactional tests) lifts that one trigger for its own statements and puts it back. PostgreSQL
empties tables with TRUNCATE, which row triggers do not see.
"""

from django.core.management.commands import flush
from django.db import connections

TRIGGER = "core_auditevent_no_delete"
CREATE = (
    f"CREATE TRIGGER {TRIGGER} BEFORE DELETE ON core_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only'); END;"
)


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [TRIGGER])
            protected = cursor.fetchone() is not None
            if protected:
                cursor.execute(f"DROP TRIGGER {TRIGGER}")
        try:
            return super().handle(**options)
        finally:
            if protected:
                with connection.cursor() as cursor:
                    cursor.execute(CREATE)
