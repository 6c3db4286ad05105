"""People trying the demo (DEBUG off) see the platform's own error pages: styled, in their language, with a way
home, and never a debug page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_with_the_arabic_not_found_page_and_a_way_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page and "css/tamkeen.css" in page
    assert 'href="/"' in page
    assert "Traceback" not in page and "URLconf" not in page


def test_the_not_found_page_speaks_english_to_whoever_chose_it(client):
    client.cookies["tamkeen_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert 'lang="en" dir="ltr"' in page and "Not found" in page and "Back to the home page" in page


def test_a_refused_page_says_so_in_arabic(world, client_for):
    response = client_for(world.worker_sby).get("/registry/imports/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="ar"' in page and "css/tamkeen.css" in page and 'href="/"' in page


def test_the_server_error_page_is_styled_bilingual_and_leads_home():
    response = defaults.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "css/tamkeen.css" in page
    assert "حدث خطأ غير متوقع" in page and "An unexpected error happened" in page
    assert 'href="/"' in page


def test_the_refusal_page_renders_outside_a_view_too():
    response = defaults.permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403 and "css/tamkeen.css" in response.content.decode()


def test_a_refused_form_and_a_bad_request_have_their_own_pages(world, client):
    from django.test import Client

    checking = Client(enforce_csrf_checks=True)
    response = checking.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "css/tamkeen.css" in page and "The form was not accepted" in page and 'href="/"' in page
    bad = defaults.bad_request(RequestFactory().get("/"), Exception())
    assert bad.status_code == 400 and "css/tamkeen.css" in bad.content.decode()
