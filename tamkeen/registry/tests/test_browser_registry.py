"""In Arabic, in a browser: Khalid imports Sabya's roll with one bad row and downloads the report of rejected
rows; Nora finds a son by typing his name without the hamza and opens his household."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tamkeen.registry.models import Household

from .rollfiles import household_rows, member_row, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(world, persona, page, browser_login):
    user = world.users[persona]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    browser_login(page, user.username, PASSWORD)


def test_khalid_imports_a_roll_and_downloads_the_rejected_rows(
    world, browser_page, browser_login, screenshot, tmp_path, immediate_tasks
):
    rows = [*household_rows("400700", 3), member_row("400700", "son", birth_date="1990-02-30")]
    path = write_csv(tmp_path / "كشف-صبيا.csv", rows, arabic=True, encoding="cp1256")
    page = browser_page
    _login(world, "supervisor_sby", page, browser_login)
    page.goto("/registry/imports/")
    assert page.get_by_role("heading", name="استيراد كشف الضمان").is_visible()
    page.set_input_files("input[name=file]", str(path))
    page.click("main button.primary")
    page.wait_for_selector(".import-summary")
    assert page.locator(".rejected-count").inner_text().strip() == "1"
    assert "مرفوض" in page.locator(".import-summary").inner_text()
    screenshot(page, "registry-import-done-ar")
    with page.expect_download() as download_info:
        page.click("a.download-report")
    report = load_workbook(BytesIO(download_info.value.path().read_bytes())).active
    lines = list(report.iter_rows(values_only=True))
    assert lines[0] == ("row", "column", "value", "reason")
    assert lines[1:] == [(5, "birth_date", "1990-02-30", "invalid_date")]
    assert Household.objects.get(file_number="400700").members.count() == 3


def test_nora_finds_a_name_spelled_without_hamza_and_opens_the_household(
    world, browser_page, browser_login, screenshot
):
    page = browser_page
    _login(world, "worker_sby", page, browser_login)
    page.goto("/registry/")
    page.fill("input[name=q]", "احمد")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#results table")
    link = page.get_by_role("link", name="أحمد محمد علي الحازمي")
    assert link.is_visible()
    screenshot(page, "registry-search-ar")
    page.get_by_role("link", name="400100").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "400100" in main and "فاطمة حسن الحازمي" in main
    screenshot(page, "registry-household-ar")
