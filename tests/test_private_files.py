"""No file without a check (security.md §3): Khalid's roll, its report of rejected rows and a productive family's
product photo are kept outside every served URL, under names nobody can guess, and only the record's own door
hands them out."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse

from tamkeen.registry.services import roll_import_start

pytestmark = pytest.mark.django_db

ROLL = b"file_number,office_code,national_id\n700001,SBY,1000000008\n"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def roll_import(world, private_root):
    roll_import = roll_import_start(
        actor=world.supervisor_sby, upload=SimpleUploadedFile("roll-sabya-2026-11.csv", ROLL)
    )
    roll_import.report.save("rejected-rows-1.xlsx", ContentFile(b"PK\x03\x04 the rejected rows"), save=True)
    return roll_import


@pytest.fixture
def urls_with_debug_on(settings):
    """The URLs as a developer with DJANGO_DEBUG=1 would have them (where a media route used to appear)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_files_are_kept_outside_media_under_unguessable_names(roll_import, private_root):
    for field in (roll_import.file, roll_import.report):
        stored = private_root / field.name
        assert stored.is_file()
        name = field.name.rsplit("/", 1)[-1]
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}\.(csv|xlsx)", name), name
        assert "sabya" not in field.name and "rejected" not in name
    assert roll_import.original_name == "roll-sabya-2026-11.csv"
    with pytest.raises(ValueError):
        roll_import.file.url  # noqa: B018 — a private file has no URL to leak


def test_media_answers_404_to_everyone_even_the_administrator_with_debug_on(
    world, roll_import, client_for, urls_with_debug_on
):
    for who in ("admin", "supervisor_sby"):
        client = client_for(world.users[who])
        for field in (roll_import.file, roll_import.report):
            assert client.get(f"/media/{field.name}").status_code == 404
    client.logout()
    assert client.get(f"/media/{roll_import.file.name}").status_code == 404


def test_the_report_is_sent_only_through_the_imports_own_door(world, roll_import, client_for):
    url = reverse("registry:import_report", args=[roll_import.pk])
    response = client_for(world.supervisor_sby).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 the rejected rows"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"rejected-rows-{roll_import.pk}.xlsx" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert client_for(world.supervisor_frs).get(url).status_code == 404


def test_a_product_photo_is_shown_only_to_whoever_may_open_the_enterprise(world, private_root, client_for):
    from tamkeen.enterprises.models import Product
    from tamkeen.enterprises.tests.factories import make_enterprise

    enterprise = make_enterprise(world.household_sby, world.wife_sby)
    product = Product(enterprise=enterprise, name="عسل سدر", price=120)
    product.photo.save("fatima-honey.png", ContentFile(b"\x89PNG\r\n\x1a\n honey"), save=False)
    product.save()
    url = reverse("enterprises:product_photo", args=[enterprise.pk, product.pk])
    page = client_for(world.worker_sby).get(reverse("enterprises:detail", args=[enterprise.pk]))
    assert f'src="{url}"' in page.content.decode()
    photo = client_for(world.worker_sby).get(url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["Cache-Control"] == "no-store" and photo["Content-Disposition"].startswith("inline;")
    assert client_for(world.worker_frs).get(url).status_code == 404
    assert client_for(world.partner_bank).get(url).status_code in (403, 404)


def test_a_signed_consent_form_is_sent_only_through_the_members_consent_door(world, private_root, client_for):
    from tamkeen.consent.tests.factories import give_consent

    consent = give_consent(world.head_sby, world.employer)
    consent.scanned_form.save("muhammad-signed.pdf", ContentFile(b"%PDF-1.4 signed"), save=True)
    assert "muhammad" not in consent.scanned_form.name
    url = reverse("consent:scan", args=[world.head_sby.pk, consent.pk])
    page = client_for(world.worker_sby).get(reverse("consent:member", args=[world.head_sby.pk]))
    assert f'href="{url}"' in page.content.decode()
    response = client_for(world.worker_sby).get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == f'attachment; filename="consent-{consent.pk}.pdf"'
    assert client_for(world.worker_frs).get(url).status_code == 404
    assert client_for(world.beneficiary_sby).get(url).status_code == 200  # Muhammad's own form
