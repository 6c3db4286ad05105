"""Keyboard only, in Arabic: Nora signs in, finds a family, opens a member, edits the plan and sends a referral;
Hind signs in, opens her inbox, accepts the referral and reports its outcome. Tab, Shift+Tab, Enter and typing
only — no click — and at every step the focus is visible and moves in the page's own order (the document order,
so it follows the reading direction), and the skip link takes the focus past the menu."""

import pytest

from tamkeen.cases import services as cases
from tamkeen.consent.tests.factories import give_consent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.referrals.models import Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"

# Every focus change is logged with whether it moved forward in the document; the page's scripts run after this.
FOCUS_LOG = """
window.__focus = [];
document.addEventListener("focusin", (event) => {
  const previous = window.__previous;
  window.__previous = event.target;
  window.__focus.push(previous && previous.isConnected
    ? Boolean(previous.compareDocumentPosition(event.target) & Node.DOCUMENT_POSITION_FOLLOWING) : null);
});
"""
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {
    tag: e.tagName.toLowerCase(),
    name: (e.getAttribute("aria-label") || (e.labels && e.labels[0] && e.labels[0].innerText)
           || e.innerText || e.value || "").trim().replace(/\\s+/g, " "),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
    shown: box.width > 0 && box.height > 0,
    forward: window.__focus[window.__focus.length - 1],
    autofocus: e.hasAttribute("autofocus"),
  };
}"""


def keyboard_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="ar-SA", viewport={"width": 1280, "height": 900}
    )
    context.add_init_script(FOCUS_LOG)
    return context, context.new_page()


def tab_to(page, name: str, *, backwards: bool = False, exact: bool = False, limit: int = 120) -> dict:
    """Presses Tab (Shift+Tab) until the focus is on the control named `name`, checking every stop on the way.

    A control the page focuses itself (autofocus) counts as reached."""
    focused = page.evaluate(FOCUSED)
    if focused["autofocus"] and name in focused["name"]:
        return focused
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["name"][:40])
        where = f"after {len(seen)} presses, on <{focused['tag']}> {focused['name'][:60]!r} (stops: {seen})"
        assert focused["shown"], f"the focus is on something not shown, {where}"
        assert focused["ring"], f"no visible focus ring, {where}"
        if focused["forward"] is not None:
            assert focused["forward"] != backwards, f"the focus jumped against the document order, {where}"
        if (focused["name"] == name) if exact else (name in focused["name"]):
            return focused
    raise AssertionError(f"{name!r} never took the focus; stops: {seen}")


def press_and_load(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    tab_to(page, "اسم الدخول")
    page.keyboard.type(username)
    tab_to(page, "كلمة المرور")
    page.keyboard.type(PASSWORD)
    press_and_load(page)
    assert "/accounts/login/" not in page.url


def skip_to_main(page) -> None:
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["name"] == "انتقل إلى المحتوى الرئيسي" and focused["ring"] and focused["shown"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_nora_finds_a_family_edits_the_plan_and_refers_by_keyboard(world, chromium, live_server):
    nora, muhammad = world.worker_sby, world.head_sby
    nora.set_password(PASSWORD)
    nora.save(update_fields=["password"])
    plan = cases.plan_create(actor=nora, member=muhammad, track="training", goals="دورة في الحاسب")
    course = make_opportunity(world.trainer, title_ar="دورة الحاسب الآلي", capacity=3)
    give_consent(muhammad, world.trainer)
    context, page = keyboard_page(chromium, live_server)

    sign_in(page, nora.username)
    skip_to_main(page)
    # From the main content back into the menu, against the document order.
    tab_to(page, "البحث عن أسرة", backwards=True)
    press_and_load(page)

    # The search box takes the focus when the page opens (autofocus), so Nora types at once.
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.type(muhammad.national_id)
    page.keyboard.press("Enter")
    page.get_by_role("link", name=muhammad.full_name).wait_for()
    tab_to(page, muhammad.full_name)
    press_and_load(page)
    assert page.url.endswith(f"/registry/members/{muhammad.pk}/")

    tab_to(page, "إدارة الحالة: الخطة والملاحظات")
    press_and_load(page)
    tab_to(page, "الإصدار 1")
    press_and_load(page)
    assert page.url.endswith(f"/cases/plan/{plan.pk}/")

    tab_to(page, "الأهداف")
    page.keyboard.press("Control+A")
    page.keyboard.type("دورة في الحاسب ثم وظيفة في خدمة العملاء")
    tab_to(page, "حفظ الأهداف", exact=True)
    press_and_load(page)
    plan.refresh_from_db()
    assert plan.goals == "دورة في الحاسب ثم وظيفة في خدمة العملاء"

    tab_to(page, "العودة إلى ملف الفرد")
    press_and_load(page)
    tab_to(page, "إحالة إلى فرصة")
    press_and_load(page)
    tab_to(page, "رمز الفرصة")
    page.keyboard.type(course.code)
    tab_to(page, "إحالة", exact=True)
    press_and_load(page)
    assert "أُرسلت الإحالة." in page.locator("main").inner_text()
    referral = Referral.objects.get(member=muhammad, opportunity=course)
    assert referral.status == "sent" and referral.created_by == nora
    context.close()


def test_hind_accepts_a_referral_and_reports_its_outcome_by_keyboard(world, chromium, live_server):
    from tamkeen.referrals import services as referrals

    hind = world.partner_trainer
    hind.set_password(PASSWORD)
    hind.save(update_fields=["password"])
    course = make_opportunity(world.trainer, title_ar="دورة الحاسب الآلي", capacity=3)
    give_consent(world.head_sby, world.trainer)
    proposed = referrals.referral_propose(actor=world.worker_sby, member=world.head_sby, opportunity=course)
    referral = referrals.referral_send(actor=world.worker_sby, referral=proposed)
    context, page = keyboard_page(chromium, live_server)

    sign_in(page, hind.username)
    skip_to_main(page)
    tab_to(page, "صندوق الإحالات", backwards=True)
    press_and_load(page)
    tab_to(
        page, referral.public_id, exact=True
    )  # the checkbox is named by the number too: the link comes next
    tab_to(page, referral.public_id, exact=True)
    press_and_load(page)
    assert page.url.endswith(f"/referrals/{referral.public_id}/")
    for button in ("قبول", "تسجيل الالتحاق", "تسجيل الإكمال"):
        tab_to(page, button, exact=True)
        press_and_load(page)
        assert "حُدّثت الإحالة." in page.locator("main").inner_text()
    referral.refresh_from_db()
    assert referral.status == "completed"
    context.close()
