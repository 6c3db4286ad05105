"""SQL and Python CPU per page for the load test's journeys, as each persona.

    DATABASE_URL=postgres://…/<1M copy> uv run --frozen python -m bench.pages_sql [--slow MS] [--explain]
        [--cpu N] [--profile PAGE]

Per page: statement count, their total client and server time, the slowest statements and, with --cpu N, the
median Python CPU time of one request (time.process_time around the test client's request, N times after two
warm-up requests, statements not captured; writes are timed once; the statements are then those of a warm
request, cached figures in). --profile PAGE writes a cProfile of each
named page's N requests to var/pages_sql-<page>.prof.

Follows links as loadtest/locustfile.py does (search → household → member; caseload → case member → plan;
inbox → referral; dashboard → records/export; forum → event). Everything runs inside one transaction that is
rolled back (unless --keep), so a read-only database stays untouched (sign-in and audited reads included).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import re
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


class Rollback(Exception):
    pass


def links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'href="({pattern})"', html)))


CPU = {"repeat": 0, "profile": ""}
# Pages whose request writes: timed once, as a second identical request would not do the same work.
WRITES = {"referral send"}


def fetch(client, method, url, args):
    response = getattr(client, method)(url, **args.get("kw", {}))
    if hasattr(response, "streaming_content"):
        return response, b"".join(response.streaming_content)
    return response, response.content


def cpu_ms(name, client, method, url, args) -> float:
    """The median Python CPU of one request, after two warm-up requests."""
    for _ in range(2):
        fetch(client, method, url, args)
    profile = cProfile.Profile(time.process_time) if name in CPU["profile"] else None
    samples = []
    for _ in range(CPU["repeat"]):
        if profile:
            profile.enable()
        started = time.process_time()
        fetch(client, method, url, args)
        samples.append((time.process_time() - started) * 1000)
        if profile:
            profile.disable()
    if profile:
        path = f"var/pages_sql-{re.sub(r'[^a-z0-9]+', '-', name)}.prof"
        profile.dump_stats(path)
        print(f"profile of {name}: {path}")
    return statistics.median(samples)


def measure(rows, name, client, method, url, args):
    if CPU["repeat"] and name not in WRITES:
        # Statements of a warm request, as under load: the office's and the dashboard's cached figures are in.
        fetch(client, method, url, args)
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        cpu_started = time.process_time()
        response, body = fetch(client, method, url, args)
        cpu = (time.process_time() - cpu_started) * 1000
        wall = (time.perf_counter() - started) * 1000
    statements = [(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries]
    total = sum(ms for ms, _ in statements)
    # The server's own execution time of each read (EXPLAIN ANALYZE), steadier than the client's clock on a
    # busy machine; writes and cursors are left out.
    timed = []
    with connection.cursor() as cursor:
        for _, sql in statements:
            if sql.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                timed.append((plan[0]["Planning Time"] + plan[0]["Execution Time"], sql))
    executed = sum(ms for ms, _ in timed)
    if CPU["repeat"] and name not in WRITES:
        cpu = cpu_ms(name, client, method, url, args)
    rows.append((name, response.status_code, len(statements), total, wall, cpu, timed, executed))
    return body.decode("utf-8", "replace")


def run(slow_ms: float, explain: bool, repeat: int, keep: bool, width: int):
    from tamkeen.referrals.sharing import DEFAULT_CATEGORIES

    rows: list = []
    user = get_user_model().objects
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT h.file_number FROM registry_household h JOIN geography_office o ON o.id = h.office_id "
            "WHERE o.code = 'SBY' AND h.file_number <> '' ORDER BY h.id LIMIT 50"
        )
        file_number = cursor.fetchall()[17][0]
        cursor.execute(
            "SELECT code FROM opportunities_opportunity WHERE status = 'open' ORDER BY code LIMIT 3"
        )
        code = cursor.fetchall()[0][0]
    cpu_repeat = CPU["repeat"]
    for attempt in range(repeat):
        rows.clear()
        # Only the reported (last) run is timed for CPU.
        CPU["repeat"] = cpu_repeat if attempt == repeat - 1 else 0
        try:
            with transaction.atomic():
                c = Client()
                c.force_login(user.get(username="worker.sby"))
                c.get("/")  # csrf cookie, session warm
                html = measure(
                    rows,
                    "search",
                    c,
                    "post",
                    "/registry/",
                    {"kw": {"data": {"q": file_number}, "HTTP_HX_REQUEST": "true"}},
                )
                households = links(html, r"/registry/households/\d+/")
                if households:
                    html = measure(rows, "household page", c, "get", households[0], {})
                    members = links(html, r"/registry/members/\d+/")
                    if members:
                        measure(rows, "member page", c, "get", members[0], {})
                measure(rows, "home (worker)", c, "get", "/", {})
                html = measure(rows, "caseload", c, "get", "/cases/caseload/", {})
                case_members = links(html, r"/cases/member/\d+/")
                if case_members:
                    html = measure(rows, "case member page", c, "get", case_members[0], {})
                    plans = links(html, r"/cases/plan/\d+/")
                    if plans:
                        measure(rows, "plan page", c, "get", plans[0], {})
                    member = re.search(r"\d+", case_members[0]).group(0)
                    measure(
                        rows,
                        "referral send (form)",
                        c,
                        "get",
                        f"/referrals/member/{member}/new/?opportunity={code}",
                        {},
                    )
                    measure(
                        rows,
                        "referral send",
                        c,
                        "post",
                        f"/referrals/member/{member}/new/",
                        {
                            "kw": {
                                "data": {
                                    "opportunity": code,
                                    "categories": [str(x) for x in DEFAULT_CATEGORIES],
                                    "note": "",
                                    "send_now": "on",
                                }
                            }
                        },
                    )
                c = Client()
                c.force_login(user.get(username="supervisor.sby"))
                for name, url in (
                    ("home (supervisor)", "/"),
                    ("team", "/cases/team/"),
                    ("approvals", "/cases/approvals/"),
                    ("reviews", "/registry/reviews/"),
                    ("imports", "/registry/imports/"),
                ):
                    measure(rows, name, c, "get", url, {})
                for partner in ("partner.employer", "partner.trainer", "partner.bank"):
                    c = Client()
                    c.force_login(user.get(username=partner))
                    html = measure(rows, f"partner inbox ({partner})", c, "get", "/referrals/inbox/", {})
                    refs = links(html, r"/referrals/[A-Z0-9-]{6,12}/")
                    if refs:
                        measure(rows, f"partner referral ({partner})", c, "get", refs[0], {})
                c = Client()
                c.force_login(user.get(username="manager.jazan"))
                html = measure(rows, "dashboard", c, "get", "/reports/", {})
                exports = links(html, r"/reports/tables/[a-z0-9_-]+\.csv[^\"]*")
                records = links(html, r"/reports/records/\?[^\"]+")
                if records:
                    measure(rows, "report records", c, "get", records[0].replace("&amp;", "&"), {})
                if exports:
                    measure(rows, "export (csv)", c, "get", exports[0].replace("&amp;", "&"), {})
                c = Client()
                c.force_login(user.get(username="auditor"))
                measure(rows, "audit trail", c, "get", "/audit/", {})
                c = Client()
                c.force_login(user.get(username="organiser"))
                html = measure(rows, "forum", c, "get", "/forum/", {})
                events = links(html, r"/forum/events/\d+/")
                if events:
                    measure(rows, "forum event", c, "get", events[0], {})
                if explain:
                    with connection.cursor() as cursor:
                        for name, *_, statements, _executed in rows:
                            for ms, sql in statements:
                                if ms >= slow_ms and sql.lstrip().upper().startswith("SELECT"):
                                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                                    print(f"\n### {name} {ms:.1f} ms\n{sql[:1500]}")
                                    print("\n".join(r[0] for r in cursor.fetchall()))
                if not keep:
                    raise Rollback
        except Rollback:
            pass
    print(f"{'page':36} {'st':>4} {'n':>4} {'sql ms':>8} {'exec ms':>8} {'wall ms':>8} {'cpu ms':>8}")
    for name, status, n, total, wall, cpu, _timed, executed in rows:
        print(f"{name:36} {status:>4} {n:>4} {total:8.1f} {executed:8.1f} {wall:8.1f} {cpu:8.1f}")
    print(
        f"{'all pages':36} {'':>4} {sum(r[2] for r in rows):>4} {'':>8} {'':>8} {'':>8} "
        f"{sum(r[5] for r in rows):8.1f}"
    )
    for name, *_, statements, _executed in rows:
        print(f"\n{name}")
        for ms, sql in sorted(statements, reverse=True):
            if ms >= slow_ms:
                print(f"    {ms:7.1f}  {sql[:width]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--width", type=int, default=220)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="commit (a database of your own): stored snapshots stay, as in use",
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="the last run is reported (the first warms caches)"
    )
    parser.add_argument(
        "--cpu", type=int, default=0, help="time each page's Python CPU over this many requests (median)"
    )
    parser.add_argument(
        "--profile", default="", help="pages' names, comma-separated: cProfile their requests"
    )
    options = parser.parse_args()
    CPU["repeat"] = options.cpu or (20 if options.profile else 0)
    CPU["profile"] = options.profile.split(",") if options.profile else []
    run(options.slow, options.explain, options.repeat, options.keep, options.width)
