"""The jobs that run once a day, whatever the deployment.

Production runs `tamkeen daily` from cron (or any scheduler) once a day; the demo enqueues them when it starts and
every 24 hours after. Each job is an ordinary task, so the workers run it and a slow job never blocks a request.
"""

from importlib import import_module

DAILY_TASKS = [
    # Referrals an entity did not answer in time expire, and their offices are told.
    "tamkeen.referrals.tasks.expire_overdue_referrals",
    # Members whose referral expires within two days without an answer are told, once.
    "tamkeen.referrals.tasks.warn_expiring_referrals",
    # Plan actions past their due date are marked overdue on the caseloads.
    "tamkeen.cases.tasks.mark_overdue_actions",
    # Productive-family certificates close to expiry remind their case workers.
    "tamkeen.enterprises.tasks.send_certificate_renewal_reminders",
    # Webhook deliveries whose deferred retry was lost are attempted (the task queue normally defers them).
    "tamkeen.webhooks.tasks.deliver_due_webhooks",
    # Expired API tokens and day-old idempotency answers are deleted.
    "tamkeen.api.tasks.purge_expired_api_records",
    # Members with an appointment tomorrow are reminded once.
    "tamkeen.appointments.tasks.send_appointment_reminders",
    # Messages left behind by a crashed worker (or on a task backend that cannot defer) are sent.
    "tamkeen.notifications.tasks.send_due_messages",
    # The retention schedule: expired files deleted, people of long-closed cases anonymised (privacy).
    "tamkeen.privacy.tasks.apply_retention_schedule",
    # Unanswered grievances past their service-level time go up to the supervisor, then the manager.
    "tamkeen.grievances.tasks.escalate_late_grievances",
    # Tasks a dead worker left running are failed and their imports closed (cron also runs
    # `tamkeen reclaim-tasks` every few minutes; this is the floor).
    "tamkeen.core.tasks.reclaim_stale_tasks",
]


def daily_tasks():
    for path in DAILY_TASKS:
        module_name, name = path.rsplit(".", 1)
        yield path, getattr(import_module(module_name), name)


def enqueue_daily() -> list[str]:
    """Enqueue every daily job; returns the ids of the queued results."""
    return [str(task.enqueue().id) for _, task in daily_tasks()]
