"""The QR code's page: public, minimal, and honest about revoked and no-longer-standing documents."""

import pytest
from django.urls import reverse

from tamkeen.cases import services as case_services
from tamkeen.core.models import AuditEvent
from tamkeen.documents import services
from tamkeen.documents.access import access_subject
from tamkeen.documents.models import IssuedDocument, Kind
from tamkeen.documents.tests.fixtures import documents_world

pytestmark = pytest.mark.django_db


def issued(world, kind, key, actor=None) -> IssuedDocument:
    actor = actor or world.worker_sby
    document, _facts = services.document_issue(
        actor=actor, subject=access_subject(actor, kind, str(key)), language="ar"
    )
    return document


def verify_page(client, document_or_code):
    code = getattr(document_or_code, "code", document_or_code)
    client.logout()
    return client.get(reverse("documents:verify", args=[code]), HTTP_ACCEPT_LANGUAGE="ar")


def test_an_anonymous_reader_sees_valid_and_only_the_minimum(world, client):
    referral = documents_world(world)["referral"]
    document = issued(world, Kind.REFERRAL_LETTER, referral.public_id)
    response = verify_page(client, document)
    assert response.status_code == 200
    main = response.content.decode()
    assert "ساري" in main and "خطاب إحالة" in main and "مكتب الضمان الاجتماعي بصبيا" in main
    assert "م. ح." in main and document.fingerprint in main
    # No name, no national ID, no file number, no referral number, no entity: the paper carries those.
    for private in (referral.member.full_name, referral.member.national_id, "الحازمي", referral.public_id,
                    "400100", "معهد المستقبل"):  # fmt: skip
        assert private not in main, private
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_revoked_documents_say_so(world, client):
    referral = documents_world(world)["referral"]
    document = issued(world, Kind.REFERRAL_LETTER, referral.public_id)
    services.document_revoke(actor=world.supervisor_sby, document=document, reason="أُصدر بالخطأ")
    response = verify_page(client, document)
    assert response.status_code == 200
    text = response.content.decode()
    assert "غير ساري: ملغى" in text
    assert AuditEvent.objects.filter(action="document.revoke", object_id=str(document.pk)).exists()


def test_a_case_worker_cannot_revoke_and_another_office_cannot_either(world):
    from django.core.exceptions import PermissionDenied

    referral = documents_world(world)["referral"]
    document = issued(world, Kind.REFERRAL_LETTER, referral.public_id)
    for actor in (world.worker_sby, world.supervisor_frs):
        with pytest.raises(PermissionDenied):
            services.document_revoke(actor=actor, document=document, reason="x")
    document.refresh_from_db()
    assert not document.is_revoked


def test_a_reversed_sanction_no_longer_stands(world, client):
    objects = documents_world(world)
    document = issued(world, Kind.SANCTION_NOTICE, objects["sanction"].pk, actor=world.supervisor_sby)
    assert "صدر هذا المستند من المنصة وهو ساري المفعول." in verify_page(client, document).content.decode()
    case_services.household_reenter(
        actor=world.supervisor_sby, household=objects["sanction"].household, reason="قُبل التظلم"
    )
    text = verify_page(client, document).content.decode()
    assert "لم يعد ساريًا" in text and "ساري المفعول" not in text


def test_an_unknown_code_is_not_found(world, client):
    response = verify_page(client, "ZZZZZZZZZZZZZZZZZZZZ")
    assert response.status_code == 404
    assert "لم يصدر أي مستند بهذا الرمز" in response.content.decode()


def test_the_register_lists_and_revokes(world, client_for):
    referral = documents_world(world)["referral"]
    document = issued(world, Kind.REFERRAL_LETTER, referral.public_id)
    client = client_for(world.supervisor_sby)
    assert document.code in client.get(reverse("documents:register")).content.decode()
    response = client.post(reverse("documents:revoke", args=[document.pk]), {"reason": ""})
    document.refresh_from_db()
    assert response.status_code == 302 and not document.is_revoked  # a reason is required
    client.post(reverse("documents:revoke", args=[document.pk]), {"reason": "استُبدل بخطاب جديد"})
    document.refresh_from_db()
    assert document.is_revoked and document.revoked_by == world.supervisor_sby


def test_a_lapsed_certificate_no_longer_stands_and_the_page_speaks_english(world, client):
    from datetime import date

    certificate = documents_world(world)["certificate"]
    document = issued(world, Kind.PRODUCTIVE_FAMILY_CERTIFICATE, certificate.pk)
    type(certificate).objects.filter(pk=certificate.pk).update(
        issued_on=date(2020, 1, 1), expires_on=date(2023, 1, 1)
    )
    client.logout()
    response = client.get(reverse("documents:verify", args=[document.code]), HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    assert "No longer in force" in text and "Productive-family certificate" in text and "Sabya office" in text
    assert "AH" in text  # the date, Gregorian first in English, with its Hijri beside it
    assert certificate.number not in text and world.wife_sby.full_name not in text
