"""Hessa (national manager) prints the year's figures of every region, reads every region's register and
revokes nothing."""

import pytest
from django.urls import reverse

from tamkeen.documents.models import IssuedDocument, Kind
from tamkeen.documents.selectors import VALID, verification_of
from tamkeen.documents.tests.fixtures import documents_world

pytestmark = pytest.mark.django_db


def test_national_year_figures_cover_every_region_and_verify(world, client):
    year = documents_world(world)["year"]
    client.force_login(world.manager_national)
    response = client.post(reverse("documents:issue", args=[Kind.YEAR_FIGURES, year]))
    assert response.status_code == 200
    document = IssuedDocument.objects.get(kind=Kind.YEAR_FIGURES, issued_by=world.manager_national)
    assert document.region is None and document.subject_type is None
    assert verification_of(document.code).state == VALID
    # Jazan's manager prints Jazan's own figures, as before.
    client.force_login(world.manager)
    assert client.post(reverse("documents:issue", args=[Kind.YEAR_FIGURES, year])).status_code == 200
    assert (
        IssuedDocument.objects.get(kind=Kind.YEAR_FIGURES, issued_by=world.manager).region == world.sby.region
    )


def test_the_register_is_read_nationally_and_revoked_regionally(world, client):
    year = documents_world(world)["year"]
    client.force_login(world.manager)
    client.post(reverse("documents:issue", args=[Kind.YEAR_FIGURES, year]))
    jazan_paper = IssuedDocument.objects.get(issued_by=world.manager)
    client.force_login(world.manager_national)
    register = client.get(reverse("documents:register")).content.decode()
    assert jazan_paper.code in register
    assert reverse("documents:revoke", args=[jazan_paper.pk]) not in register
    refused = client.post(reverse("documents:revoke", args=[jazan_paper.pk]), {"reason": "خطأ"})
    assert refused.status_code == 403
    jazan_paper.refresh_from_db()
    assert not jazan_paper.is_revoked
