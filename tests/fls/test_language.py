"""Each person reads the app in their language: their own choice, else their site's, else their browser's
(fls.languages); the menu's switch changes it at once and remembers it."""
import pytest
from django.conf import settings
from django.urls import reverse

from fls.languages import SESSION_KEY, TIME_ZONE_KEY
from fls.models import User
from fls.roles import NURSE
from tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sakura():
    return SiteFactory(code="sakura-t", country="JP", timezone="Asia/Tokyo", language="ja")


@pytest.fixture
def leeds():
    return SiteFactory(code="leeds-t", country="GB", language="en-gb")


def sign_in(client, user):
    client.force_login(user)  # sends user_logged_in, as the sign-in page does
    return client


def language_of(response) -> str:
    return response.headers["Content-Language"]


def test_a_nurse_of_a_japanese_site_reads_japanese_with_no_choice_of_her_own(client, sakura):
    nurse = UserFactory(roles=[NURSE], sites=[sakura])
    sign_in(client, nurse)
    assert client.session[SESSION_KEY] == "ja"
    assert language_of(client.get(reverse("home"), follow=True)) == "ja"


def test_her_own_choice_wins_over_her_sites(client, sakura):
    nurse = UserFactory(roles=[NURSE], sites=[sakura], language="en-gb")
    sign_in(client, nurse)
    assert language_of(client.get(reverse("home"), follow=True)) == "en-gb"


def test_a_signed_in_users_language_wins_over_the_browsers(client, leeds):
    nurse = UserFactory(roles=[NURSE], sites=[leeds])
    sign_in(client, nurse)
    response = client.get(reverse("home"), follow=True, HTTP_ACCEPT_LANGUAGE="ja")
    assert language_of(response) == "en-gb"


def test_a_signed_out_visitor_reads_the_browsers_language(client):
    assert language_of(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5")) == "ja"
    assert language_of(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")) == "en-gb"
    assert language_of(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")) == "en-gb"  # the default


def test_the_page_varies_by_language_for_caches(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja")
    assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response.headers["Vary"].split(",")}


def test_the_switch_saves_the_choice_on_the_profile_and_applies_at_once(client, leeds):
    nurse = UserFactory(roles=[NURSE], sites=[leeds])
    sign_in(client, nurse)
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/worklist/"})
    assert response.status_code == 302 and response.headers["Location"] == "/worklist/"
    assert User.objects.get(pk=nurse.pk).language == "ja"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"
    assert language_of(client.get(reverse("home"), follow=True)) == "ja"
    # ...and the next sign-in keeps it.
    client.logout()
    nurse.refresh_from_db()  # as the sign-in page loads her
    sign_in(client, nurse)
    assert client.session[SESSION_KEY] == "ja"


def test_choosing_the_sites_language_clears_the_own_choice(client, sakura):
    nurse = UserFactory(roles=[NURSE], sites=[sakura], language="en-gb")
    sign_in(client, nurse)
    client.post(reverse("set_language"), {"language": "", "next": "/"})
    assert User.objects.get(pk=nurse.pk).language == ""
    assert language_of(client.get(reverse("home"), follow=True)) == "ja"


def test_an_unknown_language_or_a_foreign_next_changes_nothing_and_goes_home(client, leeds):
    nurse = UserFactory(roles=[NURSE], sites=[leeds])
    sign_in(client, nurse)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert User.objects.get(pk=nurse.pk).language == ""


def test_a_signed_out_visitor_can_switch_on_the_sign_in_page(client):
    response = client.post(reverse("set_language"), {"language": "ja", "next": reverse("login")})
    assert response.headers["Location"] == reverse("login")
    assert language_of(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")) == "ja"


def test_the_switch_takes_only_post(client):
    assert client.get(reverse("set_language")).status_code == 405


def test_a_japanese_team_reads_times_in_tokyo_and_a_british_one_in_london(client, sakura, leeds):
    """A site's time zone applies to its users' pages: the same moment (midnight UTC yesterday) is 09:00 in
    Tokyo and 00:00 in London (in winter), in the access report of each site's manager."""
    from datetime import datetime, timedelta, timezone as dt_timezone

    from fls.roles import MANAGER
    from patients.models import PatientRecordAccess
    from tests.factories import PatientFactory

    from django.utils import timezone

    day = timezone.now().date() - timedelta(days=1)  # within the report's default range
    moment = datetime(day.year, day.month, day.day, 0, 0, tzinfo=dt_timezone.utc)
    for site in (sakura, leeds):
        patient = PatientFactory(site=site)
        access = PatientRecordAccess.objects.create(patient=patient, site=site, user=UserFactory(sites=[site]),
                                                    page="patient")
        PatientRecordAccess.objects.filter(pk=access.pk).update(viewed_at=moment)

    sign_in(client, UserFactory(roles=[MANAGER], sites=[sakura]))
    assert client.session[TIME_ZONE_KEY] == "Asia/Tokyo"
    page = client.get(reverse("audit:access_report")).content.decode()
    assert f"{day.year}年{day.month}月{day.day}日 09:00" in page

    client.logout()
    sign_in(client, UserFactory(roles=[MANAGER], sites=[leeds]))
    assert client.session[TIME_ZONE_KEY] == "Europe/London"
    page = client.get(reverse("audit:access_report")).content.decode()
    assert "00:00" in page and "09:00" not in page


def test_a_user_of_sites_in_two_time_zones_reads_the_servers(client, sakura, leeds):
    sign_in(client, UserFactory(roles=[NURSE], sites=[sakura, leeds]))
    assert TIME_ZONE_KEY not in client.session


def test_sign_in_reads_the_users_sites_once(rf, sakura, leeds, django_assert_num_queries):
    """Language, time zone and the sites' countries come from one query at sign-in, and no page asks again."""
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from fls.languages import SITE_COUNTRIES_KEY, session_start

    request = rf.get("/")
    request.session = SessionStore()
    user = UserFactory(roles=[NURSE], sites=[sakura, leeds])
    with django_assert_num_queries(1):
        session_start(request=request, user=user)
    assert request.session[SITE_COUNTRIES_KEY] == ["GB", "JP"]
    assert request.session[SESSION_KEY] == "en-gb"  # her first site by name (Leeds-T before Sakura-T)
