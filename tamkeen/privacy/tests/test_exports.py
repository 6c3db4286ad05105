"""Muhammad asks what the programme holds about him. Nora asks for a copy on his page; the worker builds one
ZIP with all of it as JSON and a readable Arabic PDF; Nora downloads it, and the download is recorded."""

import contextlib
import io
import json
import re
import zipfile
import zlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tamkeen.cases.models import CaseNote
from tamkeen.consent.models import Consent
from tamkeen.core.audit import audit_read
from tamkeen.core.models import AuditEvent
from tamkeen.opportunities.tests.factories import make_opportunity
from tamkeen.privacy.models import DataExport
from tamkeen.privacy.services import member_data_export_request
from tamkeen.referrals.models import Referral
from tamkeen.registry.models import AccommodationNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def history(world, immediate):
    """Muhammad's file: a consent with a scanned form, a referral sent to the employer, notes, a partner read."""
    head = world.head_sby
    now = timezone.now()
    consent = Consent(member=head, entity=world.employer, purpose="referral", categories=["identity", "contact"],
                      given_via="paper", given_at=now - timedelta(days=10), recorded_by=world.worker_sby)  # fmt: skip
    consent.scanned_form.save("form.pdf", ContentFile(b"%PDF-scan"), save=False)
    consent.save()
    opportunity = make_opportunity(world.employer)
    Referral.objects.create(
        member=head, opportunity=opportunity, office=world.sby, created_by=world.worker_sby, status="sent",
        categories=["identity", "contact"], consent=consent, sent_at=now - timedelta(days=9),
        shared_fields={"full_name": head.full_name, "phone": head.phone},
    )  # fmt: skip
    CaseNote.objects.create(member=head, author=world.worker_sby, author_office=world.sby,
                            text="يبحث عن عمل في التجزئة", is_confidential=False)  # fmt: skip
    CaseNote.objects.create(member=head, author=world.worker_sby, author_office=world.sby,
                            text="سري: خلاف عائلي", is_confidential=True)  # fmt: skip
    audit_read(actor=world.partner_employer, obj=head, member_id=head.pk)
    AccommodationNeed.objects.create(
        member=head, kind="mobility", what_helps="مدخل بلا درج", recorded_by=world.worker_sby
    )
    return head


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with their compressed streams inflated (font names live in object streams)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"".join(parts)


def open_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_nora_asks_on_the_member_page_and_downloads_one_zip(world, history, client_for, immediate,
                                                            django_capture_on_commit_callbacks):  # fmt: skip
    client = client_for(world.worker_sby)
    member_page = client.get(reverse("registry:member", args=[history.pk])).content.decode()
    assert reverse("privacy:export_request", args=[history.pk]) in member_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export_request", args=[history.pk]))
    export = DataExport.objects.get()
    assert response.url == reverse("privacy:export", args=[export.public_id])
    assert export.status == "done" and export.size > 0 and export.requested_by == world.worker_sby
    assert history.national_id not in export.file.name and history.first_name not in export.file.name
    assert client.get(response.url).status_code == 200

    download = client.get(reverse("privacy:export_download", args=[export.public_id]))
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    archive = open_zip(download)
    assert {"member-data.json", "summary-ar.pdf"} <= set(archive.namelist())
    assert any(name.startswith("attachments/consent-") for name in archive.namelist())

    data = json.loads(archive.read("member-data.json"))
    assert data["member"]["national_id"] == history.national_id
    assert data["household"]["file_number"] == "400100"
    assert [c["entity"]["label"] for c in data["consents"]] == [str(world.employer)]
    assert data["referrals"][0]["shared_fields"]["phone"] == history.phone
    assert [n["text"] for n in data["notes"]] == ["يبحث عن عمل في التجزئة"]
    assert len(data["confidential_notes_withheld"]) == 1
    assert [(n["kind"], n["what_helps"]) for n in data["accommodation_needs"]] == [
        ("mobility", "مدخل بلا درج")
    ]
    assert "خلاف" not in archive.read("member-data.json").decode()
    what = {(item["what"], item["recipient"]) for item in data["shared_with"]}
    assert ("sent", str(world.employer)) in what and ("read", str(world.employer)) in what
    readers = {(e["kind"], e["by"]["role"]) for e in data["access_log"] if e["by"]}
    assert ("read", "partner") in readers and ("read", "case_worker") in readers
    # Only his own record: his wife's national ID is not in his export.
    assert world.wife_sby.national_id not in archive.read("member-data.json").decode()

    pdf = archive.read("summary-ar.pdf")
    assert pdf.startswith(b"%PDF") and b"Noto-Naskh-Arabic" in pdf_objects(pdf)  # the Arabic font is embedded

    assert AuditEvent.objects.filter(action="privacy.data_export.request", actor=world.worker_sby,
                                     member_id=history.pk).exists()  # fmt: skip
    assert AuditEvent.objects.filter(action="privacy.data_export.download", kind="read", actor=world.worker_sby,
                                     member_id=history.pk).exists()  # fmt: skip


@pytest.mark.parametrize(("persona", "status"), [("worker_frs", 404), ("supervisor_frs", 404), ("manager", 403),
                                                 ("partner_employer", 403), ("auditor", 403)])  # fmt: skip
def test_nobody_outside_the_office_downloads_it(world, history, client_for, immediate, persona, status,
                                               django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        export = member_data_export_request(actor=world.worker_sby, member=history)
    client = client_for(world.users[persona])
    assert client.get(reverse("privacy:export_download", args=[export.public_id])).status_code == status
    assert client.post(reverse("privacy:export_request", args=[history.pk])).status_code == status
    assert not AuditEvent.objects.filter(action="privacy.data_export.download").exists()


@pytest.mark.parametrize(
    "persona", ["worker_frs", "manager", "partner_employer", "organiser", "auditor", "admin"]
)
def test_the_service_refuses_those_who_may_not_see_the_member(world, persona):
    with pytest.raises(PermissionDenied):
        member_data_export_request(actor=world.users[persona], member=world.head_sby)


def test_the_member_asks_for_their_own_copy_through_the_service(world, immediate,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        export = member_data_export_request(actor=world.beneficiary_sby, member=world.head_sby)
    export.refresh_from_db()
    assert export.channel == "portal" and export.status == "done"
    from tamkeen.notifications.models import Message

    assert Message.objects.filter(event="privacy.export_ready", member=world.head_sby).exists()
    with pytest.raises(PermissionDenied):
        member_data_export_request(actor=world.beneficiary_sby, member=world.wife_sby)


def test_the_download_asks_for_the_password_again_after_fifteen_minutes(world, client_for, immediate,
                                                                         django_capture_on_commit_callbacks):  # fmt: skip
    from tamkeen.accounts.rules import AUTHENTICATED_AT

    with django_capture_on_commit_callbacks(execute=True):
        export = member_data_export_request(actor=world.worker_sby, member=world.head_sby)
    client = client_for(world.worker_sby)
    session = client.session
    session[AUTHENTICATED_AT] = session[AUTHENTICATED_AT] - 16 * 60
    session.save()
    response = client.get(reverse("privacy:export_download", args=[export.public_id]))
    assert response.status_code == 302 and reverse("accounts:confirm") in response.url
    assert not AuditEvent.objects.filter(action="privacy.data_export.download").exists()


def test_the_summary_dates_everything_hijri_first(world):
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from tamkeen.core.templatetags.tamkeen import dual_date
    from tamkeen.privacy.exporting import member_data

    member = world.head_sby
    with translation.override("ar"):
        data = member_data(member, generated_at=timezone.now(), reference="X-1")
        html = render_to_string("privacy/export_summary.html", {"member": member, "data": data})
        assert dual_date(member.birth_date) in html
    assert 'هـ</bdi> · <bdi class="date-part">' in html
