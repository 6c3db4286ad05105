"""Break the glass: a confidential note written at Farasan, on a member now in Sabya. Khalid (Sabya's
supervisor) may open it only with a recorded reason; Farasan's supervisor sees that it was opened, and why."""

import pytest
from django.urls import reverse

from tamkeen.cases.models import CaseNote
from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SECRET = "تتعرض لعنف أسري — لا تُذكر في الزيارة"
REASON = "الأسرة انتقلت إلى مكتبنا ونحتاج تقييم الخطر قبل الزيارة"


@pytest.fixture
def farasan_note(world):
    return CaseNote.objects.create(
        member=world.wife_sby,
        author=world.worker_frs,
        author_office=world.frs,
        text=SECRET,
        is_confidential=True,
    )


def _open(client, user, note, data=None):
    client.force_login(user)
    url = reverse("cases:note_break_glass", args=[note.pk])
    return client.post(url, data) if data is not None else client.get(url)


def test_the_member_page_hides_the_text_and_offers_to_open_it_with_a_reason(client, world, farasan_note):
    client.force_login(world.supervisor_sby)
    page = client.get(reverse("cases:member", args=[world.wife_sby.pk])).content.decode()
    assert SECRET not in page
    assert reverse("cases:note_break_glass", args=[farasan_note.pk]) in page


def test_khalid_opens_it_only_with_a_reason_and_the_reason_is_audited(client, world, farasan_note):
    form = _open(client, world.supervisor_sby, farasan_note)
    assert form.status_code == 200 and SECRET not in form.content.decode()
    refused = _open(client, world.supervisor_sby, farasan_note, {"reason": "لازم"})
    assert refused.status_code == 400 and SECRET not in refused.content.decode()
    assert not AuditEvent.objects.filter(action="cases.note.break_glass").exists()

    opened = _open(client, world.supervisor_sby, farasan_note, {"reason": REASON})
    assert opened.status_code == 200 and SECRET in opened.content.decode()
    event = AuditEvent.objects.get(action="cases.note.break_glass")
    assert (event.actor, event.reason, event.member_id, event.kind) == (
        world.supervisor_sby, REASON, world.wife_sby.pk, "read",
    )  # fmt: skip


def test_no_one_else_breaks_the_glass(client, world, farasan_note):
    for user in (world.worker_sby, world.manager, world.auditor):  # not supervisors
        assert _open(client, user, farasan_note, {"reason": REASON}).status_code == 403
    # Farasan's supervisor reads the note without glass; the glass is for the other office.
    assert _open(client, world.supervisor_frs, farasan_note, {"reason": REASON}).status_code == 404
    assert not AuditEvent.objects.filter(action="cases.note.break_glass").exists()


def test_a_note_that_is_not_confidential_has_no_glass(client, world):
    note = CaseNote.objects.create(
        member=world.wife_sby,
        author=world.worker_frs,
        author_office=world.frs,
        text="زيارة",
        is_confidential=False,
    )
    assert _open(client, world.supervisor_sby, note).status_code == 404


def test_the_authors_office_supervisor_sees_the_opening_and_its_reason(client, world, farasan_note):
    _open(client, world.supervisor_sby, farasan_note, {"reason": REASON})
    client.force_login(world.supervisor_frs)
    page = client.get(reverse("cases:team")).content.decode()
    assert REASON in page and str(world.supervisor_sby) in page
    client.force_login(world.supervisor_sby)
    assert REASON not in client.get(reverse("cases:team")).content.decode()
