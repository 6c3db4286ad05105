"""The pages of the records link their documents (and only where the document can be printed)."""

import pytest
from django.urls import reverse

from tamkeen.documents.models import Kind
from tamkeen.documents.tests.fixtures import documents_world

pytestmark = pytest.mark.django_db


def issue_url(kind, key) -> str:
    return reverse("documents:issue", args=[kind, key])


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_record_page_offers_its_document(world, client):
    objects = documents_world(world)
    referral, sanction, graduation = objects["referral"], objects["sanction"], objects["graduation"]
    html = page(client, world.worker_sby, reverse("referrals:detail", args=[referral.public_id]))
    assert issue_url(Kind.REFERRAL_LETTER, referral.public_id) in html and "تنزيل خطاب الإحالة" in html
    html = page(client, world.worker_sby, reverse("referrals:detail", args=[objects["proposed"].public_id]))
    assert "documents/issue" not in html  # a proposal has no letter yet
    html = page(client, world.supervisor_sby, reverse("cases:household", args=[sanction.household_id]))
    assert issue_url(Kind.SANCTION_NOTICE, sanction.pk) in html and "تنزيل إشعار الإيقاف" in html
    html = page(client, world.supervisor_sby, reverse("cases:household", args=[graduation.household_id]))
    assert issue_url(Kind.GRADUATION_CERTIFICATE, graduation.pk) in html
    certificate = objects["certificate"]
    html = page(
        client, world.beneficiary_wife, reverse("enterprises:detail", args=[certificate.enterprise_id])
    )
    assert issue_url(Kind.PRODUCTIVE_FAMILY_CERTIFICATE, certificate.pk) in html
    html = page(client, world.manager, reverse("reports:dashboard") + "?calendar=hijri&year=1447")
    assert issue_url(Kind.YEAR_FIGURES, 1447) in html and "تنزيل أرقام العام" in html
