"""The long lists and the charts, as their personas see them, through axe-core in both languages at 360 and
1366 px: no serious or critical finding, no sideways scrolling; and the page links work by keyboard."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.axe_exceptions import is_accepted
from tests.browser.test_accessibility import AXE, RUN_AXE, SERIOUS, VARIANTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, user, live_server, language="ar"):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )


def axe_findings(chromium, live_server, user, paths) -> list[str]:
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    findings = []
    for language, width in VARIANTS:
        sign_in(context, user, live_server, language)
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in paths:
            page.goto(path)
            for violation in page.evaluate(RUN_AXE):
                if violation["impact"] in SERIOUS and not is_accepted(violation["id"], name):
                    findings.append(
                        f"{language} {width}px {path}: {violation['id']} {violation['nodes'][:3]}"
                    )
            if width == 360 and page.evaluate("document.documentElement.scrollWidth") > 360:
                findings.append(f"{language} {width}px {path}: scrolls sideways")
    context.close()
    return findings


def test_nora_pages_through_the_proposals_by_keyboard(world, chromium, live_server):
    from tamkeen.matching.tests.test_proposal_list import many_proposals

    many_proposals(world)
    assert not axe_findings(
        chromium,
        live_server,
        world.worker_sby,
        [
            ("matching:proposals", "/matching/proposals/"),
            ("matching:proposals", "/matching/proposals/?page=2"),
        ],
    )
    context = chromium.new_context(base_url=live_server.url, locale="ar-SA")
    sign_in(context, world.worker_sby, live_server)
    page = context.new_page()
    page.goto("/matching/proposals/?sort=name")
    page.locator("nav.pagination a", has_text="2").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2")
    assert "sort=name" in page.url
    assert page.locator('nav.pagination a[aria-current="page"]').inner_text().strip().endswith("2")
    context.close()


def test_the_administrators_work_queue_reads_well(world, chromium, live_server):
    from django.test import Client as PlainClient
    from django.urls import reverse

    for n in range(10):
        PlainClient().post(
            reverse("accounts:login"),
            {"username": world.worker_sby.username, "password": f"guess-{n}"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
    assert not axe_findings(chromium, live_server, world.admin, [("core:home", "/")])
