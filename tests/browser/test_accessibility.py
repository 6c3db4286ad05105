"""Accessibility as a test: every persona's main pages, in Arabic and English, on a 360-px phone and a 1366-px
desktop, run through axe-core (a pinned copy, tests/browser/vendor/axe-core) with no serious or critical
violation, and without sideways scrolling on the phone.

The main pages of a persona are the home page, the menu's pages and the detail pages the access matrix opens for
them (tamkeen/<app>/tests/access_cases.py); a page already checked for an earlier persona is not loaded again,
so the run stays within a few minutes. Accepted findings are listed, with reasons, in axe_exceptions.py.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tamkeen.core.navigation import nav_items_for
from tests.browser.axe_exceptions import is_accepted
from tests.test_access_matrix import collect_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PERSONAS = [
    "worker_sby",
    "supervisor_sby",
    "manager",
    "partner_employer",
    "partner_bank",
    "organiser",
    "auditor",
    "admin",
    "beneficiary_sby",
]
# Detail pages worth a look beside the menu: records, plans, letters, print pages.
DETAILS = {
    "registry:household",
    "registry:member",
    "registry:member_edit",
    "cases:member",
    "cases:plan",
    "cases:household",
    "assessments:member",
    "referrals:detail",
    "referrals:new",
    "grievances:detail",
    "appointments:detail",
    "outcomes:detail",
    "partners:detail",
    "opportunities:detail",
    "enterprises:detail",
    "forum:event",
    "forum:badge_print",
    "forum:invitations_print",
    "forum:registrations",
    "accounts:account",
    "core:rule_add",
    "portal:referrals",
    "portal:consents",
}
VARIANTS = [("ar", 360), ("ar", 1366), ("en", 360), ("en", 1366)]
SERIOUS = ("serious", "critical")
WIDEST = """() => Array.from(document.querySelectorAll("main *"))
  .filter(e => { const r = e.getBoundingClientRect(); return r.right > 361 || r.left < -1; })
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""))"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" "))}));
}"""


def main_pages(world) -> dict[str, list[tuple[str, str]]]:
    """persona -> [(url name, path)], HTML pages answering 200, each URL name once across personas."""
    cases = collect_cases(world)
    seen: set[str] = set()
    pages: dict[str, list[tuple[str, str]]] = {}
    client = Client()
    for persona in PERSONAS:
        user = world.users[persona]
        client.force_login(user)
        wanted = [("core:home", reverse("core:home"))]
        wanted += [(item.url_name, item.url) for item in nav_items_for(user)]
        for case in cases:
            if case.method == "get" and case.url_name in DETAILS and case.expected(persona) == 200:
                path = reverse(case.url_name, kwargs=case.kwargs or None)
                wanted.append((case.url_name, path + (f"?{case.query}" if case.query else "")))
        pages[persona] = []
        for name, path in wanted:
            if (name in seen and name != "core:home") or (name, path) in pages[persona]:
                continue
            response = client.get(path)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                seen.add(name)
                pages[persona].append((name, path))
    return pages


def test_every_personas_main_pages_have_no_serious_violation_and_fit_a_phone(world, chromium, live_server):
    pages = main_pages(world)
    findings, overflow, checked = [], [], 0
    for persona, urls in pages.items():
        client = Client()
        client.force_login(world.users[persona])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        # One signed-in context per persona; axe is added to every page before its own scripts (the CSP would
        # refuse an injected script, hence bypass_csp, which only this test context has).
        context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        for language, width in VARIANTS:
            context.add_cookies(
                [
                    {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                    {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
                ]
            )
            page.set_viewport_size({"width": width, "height": 800})
            for name, path in urls:
                page.goto(path)
                checked += 1
                where = f"{persona} {language} {width}px {path}"
                for violation in page.evaluate(RUN_AXE):
                    if violation["impact"] in SERIOUS and not is_accepted(violation["id"], name):
                        findings.append(
                            f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} — "
                            f"{len(violation['nodes'])} nodes, e.g. {violation['nodes'][:3]}"
                        )
                if width == 360:
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    if scroll > 360:
                        overflow.append(f"{where}: scrollWidth {scroll}, e.g. {page.evaluate(WIDEST)}")
        context.close()
    report = Path("test-artifacts") / "axe-report.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text("\n".join([f"{checked} page loads", *findings, *overflow]), encoding="utf-8")
    assert checked > 100
    assert not findings, f"{len(findings)} serious or critical findings:\n" + "\n".join(findings)
    assert not overflow, "Pages scrolling sideways at 360 px:\n" + "\n".join(overflow)
