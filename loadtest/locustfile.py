"""The offices' working day as Locust users: the eight staff personas of the demo region and their common pages.

Case workers (the most numerous) search the registry, open households and members, work their caseload, edit a
draft plan and send referrals; supervisors read their team, approvals, imports and review queue; partner staff
read their inbox and referrals; the regional manager reads the dashboard and downloads exports; the auditor reads
the trail; the organiser reads the forum. Pages are reached as a person reaches them: by following links from the
page before (caseload → member → plan), so no identifier is guessed. Search terms (file numbers) and open
opportunity codes come from the pool file that loadtest/run.py writes before the run.

Only 127.0.0.1 (or another loopback address) is accepted as the host, and the run stops itself after
LOADTEST_MAX_REQUESTS requests (as well as at Locust's --run-time).

The users are FastHttpUsers (geventhttpclient): Locust shares this machine's two cores with the application and
PostgreSQL, and requests' client spends several times more CPU per request, which the pages' times would
then carry.
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "tamkeen-demo")
POOL = json.loads(Path(os.environ.get("LOADTEST_POOL", "var/loadtest/pool.json")).read_text(encoding="utf-8"))
MAX_REQUESTS = int(os.environ.get("LOADTEST_MAX_REQUESTS", "1000000"))
# The figures judged are those of the offices at work: counting starts again once the last user has signed in.
# Locust's own --reset-stats resets when the last user has been *started*, while the latest sign-ins still hash
# their passwords (slowly, on purpose) and hold the cores for seconds more.
COUNT_FROM_SIGNED_IN = os.environ.get("LOADTEST_COUNT_FROM_SIGNED_IN") == "1"
_requests_seen = 0
_signed_in = 0

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.init.add_listener
def only_loopback(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise SystemExit(f"The load test only targets this machine (127.0.0.1), not {host!r}.")


_environment = None


@events.init.add_listener
def remember_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.request.add_listener
def stop_after_the_budget(**kwargs):
    global _requests_seen
    _requests_seen += 1
    if _requests_seen == MAX_REQUESTS and _environment is not None and _environment.runner is not None:
        import gevent

        # From its own greenlet: quitting stops every user, including the one that made this request.
        gevent.spawn(_environment.runner.quit)


def count_from_here_once_everyone_signed_in() -> None:
    global _signed_in
    _signed_in += 1
    runner = _environment.runner if _environment is not None else None
    if COUNT_FROM_SIGNED_IN and runner is not None and _signed_in == _environment.parsed_options.num_users:
        runner.stats.reset_all()


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


def form_body(data: dict) -> str:
    # A list is one field repeated (as a browser sends a multiple select); geventhttpclient would send its repr.
    return urlencode(data, doseq=True)


FORM = "application/x-www-form-urlencoded"


class Staff(FastHttpUser):
    abstract = True
    # A person reads a page before the next one.
    wait_time = between(1, 4)
    usernames: tuple[str, ...] = ()

    def on_start(self):
        self.username = random.choice(self.usernames)
        page = self.client.get("/accounts/login/", name="sign in (form)")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            form_body(
                {
                    "username": self.username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                }
            ),
            name="sign in",
            headers={"Content-Type": FORM},
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in ({response.status_code})")
        self.seen: dict[str, list[str]] = {}
        count_from_here_once_everyone_signed_in()

    def page(self, url: str, name: str, **kwargs):
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code >= 400:
                response.failure(f"{response.status_code}")
            return response

    def remember(self, key: str, found: list[str]) -> None:
        if found:
            self.seen[key] = found[:50]

    def pick(self, key: str) -> str | None:
        return random.choice(self.seen[key]) if self.seen.get(key) else None

    def post(self, url: str, data: dict, name: str, headers: dict | None = None):
        # The CSRF cookie (renewed at sign-in) in the header, as htmx sends it.
        token = next((cookie.value for cookie in self.client.cookiejar if cookie.name == "csrftoken"), "")
        with self.client.post(
            url,
            form_body(data),
            name=name,
            headers={
                "Content-Type": FORM,
                "X-CSRFToken": token,
                "Referer": f"{self.host}{url}",
                **(headers or {}),
            },
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code >= 400:
                response.failure(f"{response.status_code}")
            return response

    def post_form(self, url: str, data: dict, name: str):
        self.page(url, f"{name} (form)")
        return self.post(url, data, name)


class OfficeWork(Staff):
    abstract = True

    def search(self):
        # As the page does it: the term in the body of an htmx POST (never in the URL), the results swapped in.
        term = random.choice(POOL["file_numbers"][self.username])
        response = self.post("/registry/", {"q": term}, "search", headers={"HX-Request": "true"})
        if response is not None:
            self.remember("households", links(response.text, r"/registry/households/\d+/"))
            self.remember("members", links(response.text, r"/registry/members/\d+/"))

    def household(self):
        url = self.pick("households")
        if url is None:
            return self.search()
        response = self.page(url, "household page")
        self.remember("members", links(response.text, r"/registry/members/\d+/"))

    def member(self):
        url = self.pick("members")
        if url is None:
            return self.household()
        self.page(url, "member page")

    def caseload(self):
        response = self.page("/cases/caseload/", "caseload")
        self.remember("case_members", links(response.text, r"/cases/member/\d+/"))


class CaseWorker(OfficeWork):
    weight = 10
    usernames = ("worker.sby", "worker.frs")

    @task(4)
    def search_registry(self):
        self.search()

    @task(3)
    def household_page(self):
        self.household()

    @task(3)
    def member_page(self):
        self.member()

    @task(2)
    def caseload_page(self):
        self.caseload()

    @task(2)
    def case_member_page(self):
        url = self.pick("case_members")
        if url is None:
            return self.caseload()
        response = self.page(url, "case member page")
        self.remember("plans", links(response.text, r"/cases/plan/\d+/"))

    @task(1)
    def plan_edit(self):
        url = self.pick("plans")
        if url is None:
            return self.case_member_page()
        plan = self.page(url, "plan page")
        if f'action="{url}edit/"' not in plan.text:
            return None  # a plan past its draft is not edited
        track = re.search(r'<option value="([a-z_]+)" selected', plan.text)
        # The plan page is the form: its edit card posts back to …/edit/ (which answers POST only).
        self.post(
            f"{url}edit/",
            {
                "track": track.group(1) if track else "employment",
                "goals": f"Goal review {random.randint(1, 9999)}",
            },
            "plan edit",
        )

    @task(1)
    def referral_send(self):
        # "Refer" from the catalogue of a member of the caseload: the form with the opportunity filled in.
        url = self.pick("case_members")
        if url is None:
            return self.caseload()
        member = re.search(r"\d+", url).group(0)
        code = random.choice(POOL["opportunity_codes"])
        self.page(f"/referrals/member/{member}/new/?opportunity={code}", "referral send (form)")
        self.post(
            f"/referrals/member/{member}/new/",
            {
                "opportunity": code,
                "categories": POOL["referral_categories"],
                "note": "",
                "send_now": "on",
            },
            "referral send",
        )


class Supervisor(OfficeWork):
    weight = 3
    usernames = ("supervisor.sby", "supervisor.frs")

    @task(2)
    def team(self):
        self.page("/cases/team/", "team")

    @task(1)
    def approvals(self):
        self.page("/cases/approvals/", "approvals")

    @task(2)
    def search_registry(self):
        self.search()

    @task(2)
    def household_page(self):
        self.household()

    @task(1)
    def imports(self):
        self.page("/registry/imports/", "imports")

    @task(1)
    def reviews(self):
        self.page("/registry/reviews/", "reviews")

    @task(1)
    def home(self):
        self.page("/", "home")


class PartnerStaff(Staff):
    weight = 3
    usernames = ("partner.employer", "partner.trainer", "partner.bank")

    @task(4)
    def inbox(self):
        response = self.page("/referrals/inbox/", "partner inbox")
        self.remember("referrals", links(response.text, r"/referrals/[A-Z0-9-]{6,12}/"))

    @task(3)
    def referral(self):
        url = self.pick("referrals")
        if url is None:
            return self.inbox()
        self.page(url, "partner referral page")


class Manager(Staff):
    weight = 1
    usernames = ("manager.jazan",)

    @task(3)
    def dashboard(self):
        response = self.page("/reports/", "dashboard")
        self.remember("exports", links(response.text, r"/reports/tables/[a-z0-9_-]+\.csv[^\"]*"))
        self.remember("records", links(response.text, r"/reports/records/\?[^\"]+"))

    @task(1)
    def drilldown(self):
        url = self.pick("records")
        if url is None:
            return self.dashboard()
        self.page(url.replace("&amp;", "&"), "report records")

    @task(1)
    def export(self):
        url = self.pick("exports")
        if url is None:
            return self.dashboard()
        self.page(url.replace("&amp;", "&"), "export (csv)")


class Auditor(Staff):
    weight = 1
    usernames = ("auditor",)

    @task
    def trail(self):
        self.page("/audit/", "audit trail")


class Organiser(Staff):
    weight = 1
    usernames = ("organiser",)

    @task
    def forum(self):
        response = self.page("/forum/", "forum")
        self.remember("events", links(response.text, r"/forum/events/\d+/"))

    @task
    def event(self):
        url = self.pick("events")
        if url is None:
            return self.forum()
        self.page(url, "forum event")
