"""Stories on the registry pages: Nora finds families, Khalid imports his office's roll."""

import pytest
from django.urls import reverse

from tamkeen.core.models import AuditEvent
from tamkeen.registry.models import Household, Member, RecordChange, RollImport

from .rollfiles import household_rows, member_row, write_csv

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.post(reverse("registry:search"), {"q": q})


def found(response):
    return {m.pk for m in response.context["page"]} if response.context["page"] else set()


def test_nora_finds_a_name_whatever_the_hamza(world, client_for):
    client = client_for(world.worker_sby)
    # The son is stored as "أحمد"; Nora types it without the hamza.
    assert world.son_sby.pk in found(search(client, "احمد الحازمي"))
    assert world.son_sby.pk in found(search(client, "أحمد"))
    # Fatima of Farasan is not Nora's: a Farasan name finds nothing.
    assert found(search(client, "يحيى")) == set()


def test_search_by_national_id_file_number_and_phone(world, client_for):
    client = client_for(world.worker_sby)
    assert found(search(client, world.wife_sby.national_id)) == {world.wife_sby.pk}
    assert found(search(client, "400100")) == {world.head_sby.pk, world.wife_sby.pk, world.son_sby.pk}
    assert found(search(client, "٠٥٠١٢٣٤٥٦٧")) == {world.head_sby.pk}


def test_search_needs_three_characters(world, client_for):
    response = search(client_for(world.worker_sby), "اح")
    assert response.context["too_short"] and response.context["page"] is None


def test_search_is_paginated(world, client_for):
    from tests.personas import make_member

    for index in range(30):
        make_member(world.household_sby, "other", f"سالم{index}", "القحطاني")
    response = search(client_for(world.supervisor_sby), "سالم القحطاني")
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"]) == 25


def test_the_manager_searches_the_region(world, client_for):
    assert world.head_frs.pk in found(search(client_for(world.manager), "يحيى"))


def test_opening_a_member_page_is_recorded(world, client_for):
    response = client_for(world.worker_sby).get(reverse("registry:member", args=[world.wife_sby.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        kind="read", member_id=world.wife_sby.pk, actor=world.worker_sby
    ).exists()


def test_household_page_shows_both_calendars_and_empty_sections(world, client_for):
    response = client_for(world.worker_sby).get(reverse("registry:household", args=[world.household_sby.pk]))
    html = response.content.decode()
    assert "1988" in html and "14" in html  # Gregorian and Hijri birth years of the head
    assert html.count("فاطمة") >= 1
    assert response.context["members"][0] == world.head_sby


def test_editing_a_member_validates_like_the_import_and_keeps_history(world, client_for):
    client = client_for(world.worker_sby)
    url = reverse("registry:member_edit", args=[world.wife_sby.pk])
    page = client.get(url)
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({"phone": "0521234567", "is_full_time_student": "", "reason": "typo"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    data["phone"] = "٠٥٥٩٨٧٦٥٤٣"
    data["birth_date"] = "1412/07/16"
    response = client.post(url, data)
    assert response.status_code == 302
    world.wife_sby.refresh_from_db()
    assert world.wife_sby.phone == "+966559876543"
    change = RecordChange.objects.get(member=world.wife_sby)
    assert set(change.changes) == {"phone", "birth_date"} and change.reason == "typo"
    assert AuditEvent.objects.filter(action="registry.member.update", member_id=world.wife_sby.pk).exists()


def test_adding_a_household_by_hand(world, client_for):
    client = client_for(world.worker_sby)
    data = {
        "household-file_number": "٤٠٠٩٠٠", "household-governorate": "SAB", "household-monthly_income": "1,200",
        "household-pension_amount": "", "household-address": "",
        "head-national_id": "1000000008", "head-first_name": "سعيد", "head-family_name": "المدخلي",
        "head-gender": "M", "head-birth_date": "15/03/1985", "head-disability": "none",
        "head-employment_status": "unemployed", "head-phone": "",
    }  # fmt: skip
    response = client.post(reverse("registry:household_add"), data)
    assert response.status_code == 302, response.context and response.context["head_form"].errors
    household = Household.objects.get(file_number="400900")
    assert household.office == world.sby
    head = household.members.get()
    assert head.relation == "head" and head.name_key == "سعيد المدخلي"
    assert AuditEvent.objects.filter(action="registry.household.create").exists()
    # the same national ID again is refused
    data["household-file_number"] = "400901"
    response = client.post(reverse("registry:household_add"), data)
    assert response.status_code == 200 and not Household.objects.filter(file_number="400901").exists()


def test_adding_a_member_rejects_a_second_head_and_bad_ids(world, client_for):
    client = client_for(world.supervisor_sby)
    url = reverse("registry:member_add", args=[world.household_sby.pk])
    data = {"national_id": "1000000000", "relation": "son", "first_name": "علي", "family_name": "الحازمي",
            "gender": "M", "birth_date": "2010-01-01", "disability": "none", "employment_status": "student"}  # fmt: skip
    response = client.post(url, data)
    assert "national_id" in response.context["form"].errors
    data.update(national_id="2000000006", relation="head")
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    data["relation"] = "son"
    assert client.post(url, data).status_code == 302
    assert Member.objects.filter(national_id="2000000006", household=world.household_sby).exists()


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def test_khalid_imports_a_roll_from_the_web(world, client_for, tmp_path, immediate_tasks,
                                            django_capture_on_commit_callbacks):  # fmt: skip
    rows = [*household_rows("400500", 2), member_row("400500", "son", national_id="1000000000")]
    rows.append(member_row("500900", "head", office_code="FRS", governorate="فرسان"))  # not his office
    path = write_csv(tmp_path / "roll.csv", rows, arabic=True)
    client = client_for(world.supervisor_sby)
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as handle:
        response = client.post(reverse("registry:imports"), {"file": handle})
    roll_import = RollImport.objects.get()
    assert response.url == reverse("registry:import_detail", args=[roll_import.pk])
    assert roll_import.status == "done"
    assert roll_import.counts["members_created"] == 2 and roll_import.counts["rejected"] == 2
    page = client.get(response.url, headers={"HX-Request": "true"})
    assert b"hx-trigger" not in page.content  # finished: the page stops polling
    report = client.get(reverse("registry:import_report", args=[roll_import.pk]))
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(b"".join(report.streaming_content))).active
    reasons = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert reasons == {"invalid_national_id", "unknown_office"}
    assert not Household.objects.filter(file_number="500900").exists()


def test_a_case_worker_cannot_import(world, client_for):
    assert client_for(world.worker_sby).get(reverse("registry:imports")).status_code == 403


def test_a_running_import_page_polls(world, client_for):
    roll_import = RollImport.objects.create(
        office=world.sby, created_by=world.supervisor_sby, original_name="r.csv", file="x.csv",
        status="running", rows_total=200, rows_done=50,
    )  # fmt: skip
    page = client_for(world.supervisor_sby).get(reverse("registry:import_detail", args=[roll_import.pk]))
    assert b'hx-trigger="every 1s"' in page.content and b'value="25"' in page.content


def test_the_member_page_says_whether_the_member_is_in_scope(world, client_for):
    client = client_for(world.worker_sby)
    head = client.get(reverse("registry:member", args=[world.head_sby.pk]))
    assert head.context["in_scope"]
    son = client.get(reverse("registry:member", args=[world.son_sby.pk]))  # a full-time student born 2004
    assert not son.context["in_scope"]


def test_an_unreadable_upload_shows_the_failure(world, client_for, tmp_path, immediate_tasks,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    import zipfile

    # A zip, but no workbook: it passes the upload's caps and fails in the reader.
    path = tmp_path / "roll.xlsx"
    with zipfile.ZipFile(path, "w") as not_a_workbook:
        not_a_workbook.writestr("hello.txt", "not a spreadsheet")
    client = client_for(world.supervisor_sby)
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as handle:
        response = client.post(reverse("registry:imports"), {"file": handle})
    roll_import = RollImport.objects.get()
    assert roll_import.status == "failed" and roll_import.error
    page = client.get(response.url)
    assert b"message-error" in page.content
