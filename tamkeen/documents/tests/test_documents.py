"""Each document renders in Arabic (and English), names its holder, and carries a QR code for its own page."""

import re

import pytest
import segno
from django.urls import reverse

from tamkeen.core.models import AuditEvent
from tamkeen.documents.content import fingerprint, initials
from tamkeen.documents.models import IssuedDocument, Kind
from tamkeen.documents.rendering import qr_svg
from tamkeen.documents.tests.fixtures import documents_world
from tamkeen.documents.tests.pdf import pdf_text, scan_qr_codes, svg_matrix

pytestmark = pytest.mark.django_db


def issue(client, kind, key, language="ar"):
    return client.post(reverse("documents:issue", args=[kind, key]), HTTP_ACCEPT_LANGUAGE=language)


def squash(text: str) -> str:
    # Text extraction may put a space or a newline where the layout broke a line: compare without them.
    return re.sub(r"\s+", "", text)


def test_the_qr_code_encodes_the_verification_address():
    url = "http://testserver/documents/verify/ABCDEFGHJKMNPQRSTVWX/"
    expected = [[int(bool(m)) for m in row] for row in segno.make(url, error="m").matrix_iter(border=4)]
    assert svg_matrix(qr_svg(url)) == expected
    other = [
        [int(bool(m)) for m in row] for row in segno.make(url[:-2] + "Y/", error="m").matrix_iter(border=4)
    ]
    assert svg_matrix(qr_svg(url)) != other


def test_initials_name_no_one():
    assert initials("محمد", "الحازمي") == "م. ح."
    assert initials("عبدالله", "آل سعود") == "ع. آ."
    assert initials("Sara", "") == "S."


def test_the_fingerprint_is_of_the_facts_not_of_the_language():
    facts = {"member": "محمد", "sent_on": "2026-01-01"}
    assert fingerprint(Kind.REFERRAL_LETTER, "R-1", facts) == fingerprint(
        Kind.REFERRAL_LETTER, "R-1", dict(facts)
    )
    assert fingerprint(Kind.REFERRAL_LETTER, "R-1", facts) != fingerprint(
        Kind.REFERRAL_LETTER, "R-1", {**facts, "member": "علي"}
    )


def _check_pdf(response, *, title: str, must_contain: list[str]) -> tuple[IssuedDocument, str]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = squash(pdf_text(response.content))
    assert squash(title) in text, text[:400]
    for fragment in must_contain:
        assert squash(fragment) in text, (fragment, text[:600])
    document = IssuedDocument.objects.latest("id")
    assert document.code in text  # printed under the QR code
    assert squash(document.fingerprint) in text
    scanned = scan_qr_codes(response.content)
    if scanned is not None:  # where poppler and zbar are installed, read the printed code as a phone would
        assert scanned == [f"http://testserver/documents/verify/{document.code}/"], scanned
    return document, text


def test_referral_letter_in_arabic(world, client_for):
    objects = documents_world(world)
    referral = objects["referral"]
    client = client_for(world.worker_sby)
    document, text = _check_pdf(
        issue(client, Kind.REFERRAL_LETTER, referral.public_id),
        title="خطاب إحالة",
        must_contain=[
            referral.member.full_name,
            referral.member.national_id,
            referral.public_id,
            "بنك التنمية الاجتماعية",
        ],
    )
    assert "هـ" in text  # the Hijri date is printed
    assert document.kind == Kind.REFERRAL_LETTER and document.member == referral.member
    assert document.holder_initials == "م. ح." and document.office == world.sby
    assert AuditEvent.objects.filter(
        action="document.issue",
        object_id=str(document.pk),
        member_id=referral.member_id,
        actor=world.worker_sby,
    ).exists()


def test_referral_letter_in_english(world, client_for):
    referral = documents_world(world)["referral"]
    response = issue(client_for(world.worker_sby), Kind.REFERRAL_LETTER, referral.public_id, language="en")
    document, _text = _check_pdf(response, title="Referral letter", must_contain=["AH", referral.public_id])
    assert document.language == "en"
    arabic = IssuedDocument.objects.create(**{
        f.name: getattr(document, f.name)
        for f in IssuedDocument._meta.concrete_fields
        if f.name not in ("id", "code")
    })  # fmt: skip
    assert arabic.content_hash == document.content_hash  # same facts, same fingerprint


def test_sanction_notice_names_its_legal_ground_and_the_way_to_appeal(world, client_for):
    objects = documents_world(world)
    response = issue(client_for(world.supervisor_sby), Kind.SANCTION_NOTICE, objects["sanction"].pk)
    _check_pdf(
        response,
        title="إشعار إيقاف",
        must_contain=[
            objects["sanctioned_head"].full_name,
            # A number inside Arabic text comes out of the PDF in visual order: check the words around it.
            "المادة",
            "من نظام الضمان الاجتماعي",
            "رفض عروض مناسبة",
            "كيفية التظلم",
            "/grievances/mine/",
        ],
    )


def test_graduation_certificate(world, client_for):
    objects = documents_world(world)
    response = issue(client_for(world.worker_sby), Kind.GRADUATION_CERTIFICATE, objects["graduation"].pk)
    _check_pdf(response, title="شهادة تخرّج", must_contain=[objects["graduated_head"].full_name, "400301"])


def test_productive_family_certificate(world, client_for):
    certificate = documents_world(world)["certificate"]
    response = issue(client_for(world.beneficiary_wife), Kind.PRODUCTIVE_FAMILY_CERTIFICATE, certificate.pk)
    _check_pdf(
        response,
        title="شهادة الأسرة المنتجة",
        must_contain=[world.wife_sby.full_name, "PF-1447-0042", "مطبخ فاطمة للمأكولات الشعبية"],
    )


def test_year_figures_for_the_region(world, client_for):
    response = issue(client_for(world.manager), Kind.YEAR_FIGURES, "1447")
    document, _text = _check_pdf(
        response, title="أرقام العام", must_contain=["1447", "مكتب الضمان الاجتماعي بصبيا", "الأسر الممكّنة"]
    )
    assert document.office is None and document.region == world.region and document.member is None
    assert document.holder_initials == ""
