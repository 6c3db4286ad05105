"""Muhammad, in his portal, asks for a copy of his data, downloads it, and asks for a correction; Yahya of a
Farasan household sees none of it and reaches none of it (404)."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from tamkeen.accounts.models import Role, User
from tamkeen.core.models import AuditEvent
from tamkeen.notifications.models import Message
from tamkeen.privacy.models import CorrectionRequest, DataExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def yahya(world):
    user = User.objects.create(username="beneficiary_frs", role=Role.BENEFICIARY)
    world.head_frs.user = user
    world.head_frs.save(update_fields=["user"])
    return user


def test_muhammad_asks_for_a_copy_and_downloads_it(
    world, client, immediate, django_capture_on_commit_callbacks
):
    client.force_login(world.beneficiary_sby)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:my_data") in home, "the portal's navigation leads to it"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:my_data_export"))
    assert response.url == reverse("portal:my_data")
    export = DataExport.objects.get()
    assert (export.member, export.channel, export.status) == (world.head_sby, "portal", "done")
    # He is told through the outbox that it is ready.
    assert Message.objects.filter(event="privacy.export_ready", member=world.head_sby).exists()

    page = client.get(reverse("portal:my_data")).content.decode()
    download_url = reverse("portal:my_data_download", args=[export.public_id])
    assert download_url in page and "جاهزة" in page
    download = client.get(download_url)
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    data = json.loads(archive.read("member-data.json"))
    assert data["member"]["national_id"] == world.head_sby.national_id
    assert AuditEvent.objects.filter(
        action="privacy.data_export.download", actor=world.beneficiary_sby, member_id=world.head_sby.pk
    ).exists()


def test_a_copy_not_ready_yet_cannot_be_downloaded(world, client):
    client.force_login(world.beneficiary_sby)
    client.post(reverse("portal:my_data_export"))  # no commit callbacks run: still queued
    export = DataExport.objects.get()
    assert export.status == "queued"
    assert client.get(reverse("portal:my_data_download", args=[export.public_id])).status_code == 404
    assert "في الانتظار" in client.get(reverse("portal:my_data")).content.decode()


def test_muhammad_asks_for_a_correction_and_sees_where_it_stands(world, client):
    client.force_login(world.beneficiary_sby)
    response = client.post(
        reverse("portal:my_data_correction"),
        {"field": "first_name", "proposed_value": "محمود", "reason": "خطأ في الإملاء"},
    )
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.member, request.channel, request.requested_by) == (
        world.head_sby,
        "portal",
        world.beneficiary_sby,
    )
    page = client.get(reverse("portal:my_data")).content.decode()
    with translation.override("ar"):
        status = str(request.get_status_display())
    assert "محمود" in page and f'<span class="badge">{status}</span>' in page
    assert AuditEvent.objects.filter(
        action="privacy.correction.request", actor=world.beneficiary_sby
    ).exists()
    # An impossible value is refused on the page, nothing recorded.
    bad = client.post(reverse("portal:my_data_correction"), {"field": "birth_date", "proposed_value": "غدا"})
    assert bad.status_code == 400 and CorrectionRequest.objects.count() == 1


def test_yahya_sees_nothing_and_reaches_nothing_of_muhammads_requests(
    world, yahya, client, immediate, django_capture_on_commit_callbacks
):
    client.force_login(world.beneficiary_sby)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:my_data_export"))
    client.post(reverse("portal:my_data_correction"), {"field": "first_name", "proposed_value": "محمود"})
    export = DataExport.objects.get()

    client.force_login(yahya)
    page = client.get(reverse("portal:my_data"))
    assert page.status_code == 200
    body = page.content.decode()
    assert str(export.public_id) not in body and "محمود" not in body
    assert client.get(reverse("portal:my_data_download", args=[export.public_id])).status_code == 404
    # His own request is his own.
    client.post(reverse("portal:my_data_export"))
    assert DataExport.objects.filter(member=world.head_frs, requested_by=yahya).exists()


def test_staff_have_no_portal_rights_pages(world, client):
    client.force_login(world.worker_sby)
    assert client.get(reverse("portal:my_data")).status_code == 403
    client.logout()
    assert client.get(reverse("portal:my_data")).status_code == 302
