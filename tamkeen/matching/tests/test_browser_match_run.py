"""In Arabic, in a browser: Khalid starts Sabya's match run, the page follows its progress, Nora reads why
the matcher proposed a job to Muhammad and confirms it into a sent referral."""

import pytest

from tamkeen.consent.tests.factories import give_consent
from tamkeen.matching.models import MatchRun
from tamkeen.matching.services import match_run_execute
from tamkeen.opportunities.models import Opportunity
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_a_match_run_from_start_to_a_sent_referral(world, browser_page, browser_login, screenshot):
    page = browser_page
    make_opportunity(
        world.employer,
        capacity=2,
        gender="M",
        track=Opportunity.Track.EMPLOYMENT,
        kind=Opportunity.Kind.JOB,
        title_ar="وظيفة مندوب مبيعات",
        isco08="5223",
    )
    give_consent(world.head_sby, world.employer)
    for user in (world.supervisor_sby, world.worker_sby):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])

    browser_login(page, world.supervisor_sby.username, PASSWORD)
    page.goto("/matching/")
    page.get_by_role("button", name="بدء تشغيل المطابقة").click()
    page.wait_for_load_state()
    run = MatchRun.objects.get(office=world.sby)
    assert page.locator("#run-status").get_attribute("hx-trigger") == "every 1s"
    # The task worker's part, done here: the page's polling picks up the result.
    match_run_execute(run=run)
    page.wait_for_selector("#run-status .badge-ok", timeout=15_000)
    assert page.locator("#run-status").get_attribute("hx-trigger") is None
    screenshot(page, "matching-run-done-ar")

    page.context.clear_cookies()
    browser_login(page, world.worker_sby.username, PASSWORD)
    page.goto("/matching/proposals/")
    card = page.locator("article.card", has_text=world.head_sby.first_name)
    card.locator("summary").click()
    assert card.get_by_text("المسافة").is_visible()
    screenshot(page, "matching-proposals-ar")
    card.get_by_role("button", name="تأكيد وإرسال").click()
    page.wait_for_load_state()
    referral = Referral.objects.get(member=world.head_sby)
    assert referral.status == Status.SENT
    assert referral.public_id in page.url
