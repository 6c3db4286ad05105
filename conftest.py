import pytest


@pytest.fixture
def world(db):
    from tests.personas import build_world

    return build_world()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


ARTIFACTS = "test-artifacts"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (its own browser download is not used)."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the ORM calls the tests make are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser tab on the live server; page.goto("/path") is relative to it."""
    context = chromium.new_context(
        base_url=live_server.url, locale="ar-SA", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A 360-px-wide phone screen."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="ar-SA",
        viewport={"width": 360, "height": 760},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    return _screenshot


def _screenshot(page, name: str) -> None:
    import os

    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=f"{ARTIFACTS}/{name}.png", full_page=True)


@pytest.fixture
def browser_login():
    """browser_login(page, user, password=...) logs in through the real form."""
    return _login


def _login(page, username: str, password: str = "correct-horse-battery") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures (the team page's) are keyed by office id; ids come back after a rolled-back test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
