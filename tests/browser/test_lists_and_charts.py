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


def test_the_charts_read_well_in_both_languages_and_grow_from_the_reading_start(world, chromium, live_server):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone, translation
    from django.utils.formats import date_format

    from tamkeen.assessments.tests.helpers import complete_assessment
    from tamkeen.enterprises.services import sale_record
    from tamkeen.enterprises.tests.factories import make_enterprise

    complete_assessment(world.worker_sby, world.head_sby, value_for=lambda item: 2)
    complete_assessment(world.worker_sby, world.head_sby, value_for=lambda item: 4)
    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    today = timezone.localdate()
    for days, amount in ((35, "1840.50"), (70, "620"), (100, "95")):
        sale_record(
            actor=world.worker_sby,
            enterprise=enterprise,
            sold_on=today - timedelta(days=days),
            channel="shop",
            amount=Decimal(amount),
        )
    history = f"/assessments/member/{world.head_sby.pk}/"
    family = f"/enterprises/{enterprise.pk}/"
    pages = [("assessments:member", history), ("enterprises:detail", family)]
    assert not axe_findings(chromium, live_server, world.worker_sby, pages)
    assert not axe_findings(chromium, live_server, world.manager, [("reports:dashboard", "/reports/")])

    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    sign_in(context, world.worker_sby, live_server)
    page = context.new_page()
    page.goto(family)
    chart = page.locator("figure.chart")
    assert "(ريال)" in chart.locator("figcaption").inner_text()
    with translation.override("ar"):
        month = date_format((today - timedelta(days=35)).replace(day=1), "F Y")
    row = chart.locator(".chart-row").filter(has_text=month).first
    label, bar = row.locator(".chart-label").bounding_box(), row.locator("rect").bounding_box()
    plot = row.locator("svg").bounding_box()
    assert label["x"] > plot["x"]  # Arabic: the label at the right, then the bar
    assert abs((bar["x"] + bar["width"]) - (plot["x"] + plot["width"])) < 1  # growing from the right
    chart.locator("summary").focus()
    page.keyboard.press("Enter")
    assert chart.get_by_role("table").is_visible()
    context.close()


def test_the_grievance_queue_the_imports_and_the_referral_lists_read_well(world, chromium, live_server):
    from tamkeen.grievances.tests.test_grievance_list import busy_month
    from tamkeen.referrals.tests.test_referral_lists import many_sent
    from tamkeen.registry.tests.test_import_list import weekly_rolls

    busy_month(world)
    many_sent(world, count=30)
    weekly_rolls(world)
    supervisor_lists = [
        ("grievances:queue", "/grievances/"),
        ("registry:imports", "/registry/imports/?page=2"),
    ]
    assert not axe_findings(chromium, live_server, world.supervisor_sby, supervisor_lists)
    assert not axe_findings(
        chromium, live_server, world.worker_sby, [("referrals:list", "/referrals/?page=2&sort=due")]
    )
    assert not axe_findings(
        chromium, live_server, world.partner_trainer, [("referrals:inbox", "/referrals/inbox/")]
    )
