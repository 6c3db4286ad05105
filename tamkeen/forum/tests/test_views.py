"""The pages: what each persona is shown, and the JSON check-in the offline queue replays."""

import pytest
from django.urls import reverse

from tamkeen.forum.models import CheckIn
from tamkeen.forum.tests.factories import make_forum

pytestmark = pytest.mark.django_db


def test_a_replayed_check_in_is_accepted_once(world, client_for):
    forum = make_forum(world)
    client = client_for(world.organiser)
    url = reverse("forum:check_in", kwargs={"pk": forum.event.pk})
    answers = [
        client.post(url, {"code": "hsby 23"}, headers={"accept": "application/json"}).json() for _ in range(2)
    ]
    assert answers[0] == {"ok": True, "created": True, "name": forum.head_sby.display_name}
    assert answers[1]["created"] is False
    assert CheckIn.objects.count() == 1
    refused = client.post(url, {"code": "ZZZZZZ"}, headers={"accept": "application/json"})
    assert refused.status_code == 422 and not refused.json()["ok"]


def test_the_check_in_form_works_without_javascript(world, client_for):
    forum = make_forum(world)
    response = client_for(world.organiser).post(
        reverse("forum:check_in", kwargs={"pk": forum.event.pk}), {"code": "HSBY23"}
    )
    assert response.status_code == 200
    assert forum.head_sby.display_name in response.content.decode()


def test_the_registration_list_shows_no_registry_data(world, client_for):
    forum = make_forum(world)
    page = client_for(world.organiser).get(reverse("forum:registrations", kwargs={"pk": forum.event.pk}))
    html = page.content.decode()
    assert forum.head_sby.display_name in html
    assert world.head_sby.national_id not in html and world.head_sby.phone not in html


def test_at_the_booth_staff_see_the_name_and_their_own_offers_only(world, client_for):
    from tamkeen.opportunities.tests.factories import make_opportunity

    forum = make_forum(world)
    make_opportunity(world.trainer, title_ar="دورة محاسبة")
    page = client_for(world.partner_employer).post(
        reverse("forum:booth_scan", kwargs={"pk": forum.employer_booth.pk}), {"code": "HSBY23"}
    )
    html = page.content.decode()
    assert world.head_sby.full_name in html and "وظيفة كاشير" in html
    assert "دورة محاسبة" not in html and world.head_sby.national_id not in html


def test_badges_carry_a_qr_png_and_a_pdf(world, client_for):
    forum = make_forum(world)
    client = client_for(world.beneficiary_sby)
    png = client.get(reverse("forum:badge_png", kwargs={"pk": forum.head_sby.pk}))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    pdf = client.get(reverse("forum:badge_pdf", kwargs={"pk": forum.head_sby.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_report_exports_as_csv_and_excel(world, client_for):
    forum = make_forum(world)
    client = client_for(world.manager)
    url = reverse("forum:report_export", kwargs={"pk": forum.event.pk})
    csv = client.get(url, {"format": "csv"})
    assert "conversion" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.content.startswith(b"PK")


def test_organiser_invites_by_office_through_counts(world, client_for):
    forum = make_forum(world)
    client = client_for(world.organiser)
    url = reverse("forum:invite", kwargs={"pk": forum.event.pk})
    page = client.get(url, {"office": world.sby.pk})
    # Muhammad is registered already and Ahmad is an exempt student: Fatima remains.
    assert page.context["total"] == 1
    response = client.post(url, {"office": world.sby.pk})
    assert response.status_code == 302
    assert forum.event.invitations.count() == 1
