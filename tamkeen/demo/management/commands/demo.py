import logging
import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tamkeen.core.logfilters import RequestLineOnly
from tamkeen.demo.seeding import DEMO_PASSWORD, SeedContext, progress_stream, run_seed


class Command(BaseCommand):
    help = "Migrate, seed the demo region when empty (or --fresh), print the logins, run the web server and a task worker."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=3000)
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--fresh", action="store_true", help="Delete the demo database and seed again.")
        parser.add_argument("--random-seed", type=int, default=1440)

    def handle(self, *args, households: int, addr: str, fresh: bool, random_seed: int, **options):
        # DEBUG stays off in the demo (people trying it see the real error pages); production is what is refused.
        if settings.IS_PRODUCTION:
            raise CommandError("The demo's published passwords are refused outside development mode.")
        if fresh:
            self._drop_database()
        call_command("migrate", interactive=False, verbosity=0)
        from tamkeen.accounts.models import User

        if fresh or not User.objects.exists():
            self.stderr.write(f"Seeding the synthetic Jazan region ({households} households)…")
            counts = run_seed(
                SeedContext(households=households, random_seed=random_seed, progress=progress_stream())
            )
            self.stderr.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
        self._print_logins(addr)
        self._serve(addr)

    def _drop_database(self) -> None:
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("--fresh only resets the embedded SQLite demo database.")
        from django.db import connection

        connection.close()
        for suffix in ("", "-wal", "-shm"):
            path = f"{db['NAME']}{suffix}"
            if os.path.exists(path):
                os.remove(path)

    def _print_logins(self, addr: str) -> None:
        from tamkeen.accounts.models import User
        from tamkeen.accounts.seed import demo_second_factor_banner
        from tamkeen.demo.seeding import DEMO_PERSONAS

        self.stdout.write(f"\nTamkeen demo: http://{addr}/\n")
        self.stdout.write(f"Every demo login's password: {DEMO_PASSWORD}\n")
        found = User.objects.filter(username__in=DEMO_PERSONAS).select_related("office", "entity", "region")
        by_name = {user.username: user for user in found}
        beneficiaries = list(User.objects.filter(role="beneficiary").order_by("username")[:3])
        # A terminal shows left-to-right text best, so the listing is in English.
        with translation.override("en"):
            for user in [*(by_name[name] for name in DEMO_PERSONAS if name in by_name), *beneficiaries]:
                scope = user.office or user.entity or user.region or ""
                self.stdout.write(f"  {user.username:<18} {user.get_role_display():<20} {scope}")
            self._print_portal_logins(addr)
        self.stdout.write("")
        self.stdout.write(demo_second_factor_banner())
        self.stdout.flush()

    def _print_portal_logins(self, addr: str) -> None:
        from tamkeen.notifications.backends import outbox_dir
        from tamkeen.portal.selectors import members_who_can_sign_in

        members = list(members_who_can_sign_in())
        if not members:
            return
        self.stdout.write(
            f"\nBeneficiary portal: http://{addr}/portal/login/ (the SMS code lands in {outbox_dir()}/sms.jsonl)"
        )
        for member in members:
            self.stdout.write(f"  national ID {member.national_id}  {member.household.office}")

    def _serve(self, addr: str) -> None:
        # The development server prints every request with its status: Django's own warning line for a 403 or
        # 404 would say the same thing twice.
        logging.getLogger("django.request").addFilter(RequestLineOnly())
        manage = [sys.executable, "-m", "tamkeen.cli"]
        worker = subprocess.Popen([*manage, "worker", "--interval", "1", "--no-reload"])
        threading.Thread(target=self._daily_loop, daemon=True, name="daily-jobs").start()
        threading.Thread(target=self._reclaim_loop, daemon=True, name="reclaim-tasks").start()
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _reclaim_loop(self) -> None:
        """The demo's stand-in for the cron line running `tamkeen reclaim-tasks` every few minutes."""
        from django.db import close_old_connections

        from tamkeen.core.jobs import reclaim_stale_tasks

        while True:
            time.sleep(60)
            close_old_connections()
            try:
                reclaim_stale_tasks()
            except Exception as error:  # the demo keeps serving; the next round tries again
                self.stderr.write(f"reclaiming stale tasks failed: {error}")

    def _daily_loop(self) -> None:
        """The demo's stand-in for cron: the daily jobs now, then every 24 hours."""
        from django.db import close_old_connections

        from tamkeen.core.scheduling import enqueue_daily

        while True:
            close_old_connections()
            enqueue_daily()
            time.sleep(24 * 60 * 60)
