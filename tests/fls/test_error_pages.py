"""400, 403, 404 and 500 answer with the app's own pages, a way back to the home page and never a traceback.

DEBUG is False here, as in production: Django's debug pages must never be what a user sees.
"""
import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

FAILING_PAGE_URLS = "tests.fls.urls_with_a_failing_page"


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


def assert_the_apps_error_page(response, status, heading):
    page = response.content.decode()
    assert response.status_code == status
    assert 'data-testid="error-page"' in page
    assert f"Error {status}" in page
    assert heading in page
    assert f'href="{reverse("home")}" data-testid="error-way-back"' in page
    assert "FLS Tracker" in page
    assert "Traceback" not in page
    return page


def test_an_unknown_address_shows_the_apps_404_page_in_the_layout(client, nurse_a):
    client.force_login(nurse_a)
    page = assert_the_apps_error_page(client.get("/no-such-page/"), 404, "Page not found")
    # The app's layout, with the signed-in nurse's navigation.
    assert 'aria-label="Main navigation"' in page
    assert "My worklist" in page


def test_an_unknown_address_shows_the_404_page_to_someone_not_signed_in(client):
    assert_the_apps_error_page(client.get("/no-such-page/"), 404, "Page not found")


def test_a_record_at_another_site_shows_the_404_page_without_its_details(client, nurse_b, site_a):
    client.force_login(nurse_b)
    page = assert_the_apps_error_page(client.get(reverse("site_detail", args=[site_a.code])), 404, "Page not found")
    assert "No such site" not in page


def test_a_page_the_role_may_not_see_shows_the_apps_403_page(client, nurse_a):
    client.force_login(nurse_a)
    assert_the_apps_error_page(client.get(reverse("operations")), 403, "You do not have access to this page")


def test_a_form_sent_without_its_csrf_token_shows_the_apps_page(nurse_a, persona_password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": nurse_a.username, "password": persona_password})
    assert_the_apps_error_page(response, 403, "The form could not be sent")


def test_a_request_it_cannot_accept_shows_the_apps_400_page(client):
    # A Host header that is not in ALLOWED_HOSTS: Django refuses the request (DisallowedHost).
    response = client.get(reverse("login"), HTTP_HOST="not-this-hospital.example")
    assert_the_apps_error_page(response, 400, "The request could not be understood")


@pytest.mark.urls(FAILING_PAGE_URLS)
def test_an_unexpected_failure_shows_the_apps_500_page_not_the_error(client):
    client.raise_request_exception = False
    page = assert_the_apps_error_page(client.get("/failing-page/"), 500, "Something went wrong")
    assert "RuntimeError" not in page
    assert "names nobody" not in page
    assert "/static/css/fls.css" in page


@pytest.mark.urls(FAILING_PAGE_URLS)
def test_the_500_page_is_drawn_without_the_database(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/failing-page/")
    assert_the_apps_error_page(response, 500, "Something went wrong")


@pytest.mark.urls(FAILING_PAGE_URLS)
def test_the_500_page_is_drawn_when_static_files_were_never_collected(client, settings, tmp_path):
    # The failure issue 14 found: production's manifest storage with no manifest. The page is drawn
    # without stylesheets rather than failing in turn.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path
    client.raise_request_exception = False
    page = assert_the_apps_error_page(client.get("/failing-page/"), 500, "Something went wrong")
    assert "stylesheet" not in page
