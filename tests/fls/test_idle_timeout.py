"""A session left idle longer than SESSION_IDLE_TIMEOUT_MINUTES is signed out on the server at its next
request: the user lands on the login page with a message saying why, and `next` brings them back to the
page they were on. The clock is frozen and moved by hand (time-machine)."""
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from patients.models import Patient

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def clock(time_machine):
    """`clock(minutes)` moves the frozen clock to that many minutes after the sign-in."""
    time_machine.move_to(START, tick=False)
    return lambda minutes: time_machine.move_to(START + timedelta(minutes=minutes), tick=False)


@pytest.fixture
def signed_in(client, nurse_a, clock):
    client.force_login(nurse_a)
    return client


def login_url_back_to(path):
    return f"{reverse('login')}?next={quote(path, safe='/')}"


def is_signed_in(client) -> bool:
    return client.get(reverse("worklists:nurse")).status_code == 200


def test_a_session_idle_longer_than_the_timeout_is_signed_out_with_next_back_to_the_page(signed_in, clock):
    assert signed_in.get(reverse("worklists:nurse")).status_code == 200
    clock(30 + 1)
    response = signed_in.get(reverse("worklists:nurse"), {"tab": "assessment"})
    assert response.status_code == 302
    assert response.url == login_url_back_to("/worklist/?tab=assessment")
    assert "no-store" in response["Cache-Control"]
    assert not is_signed_in(signed_in)


def test_the_login_page_says_why(signed_in, clock):
    clock(31)
    login_page = signed_in.get(reverse("worklists:nurse"), follow=True)
    assert login_page.request["PATH_INFO"] == reverse("login")
    assert "You were signed out because FLS Tracker was not used for 30 minutes" in login_page.content.decode()


def test_a_session_in_use_is_never_signed_out(signed_in, clock):
    for minutes in (0, 20, 40, 60, 80):
        clock(minutes)
        assert signed_in.get(reverse("worklists:nurse")).status_code == 200, minutes


def test_a_session_idle_just_under_the_timeout_stays_signed_in(signed_in, clock):
    clock(29)
    assert is_signed_in(signed_in)


def test_the_timeout_is_a_setting(signed_in, clock, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    clock(4)
    assert is_signed_in(signed_in)
    clock(4 + 6)
    assert not is_signed_in(signed_in)


def test_signing_in_again_carries_on_where_the_user_was(signed_in, clock, nurse_a, persona_password):
    clock(31)
    back_to = signed_in.get(reverse("worklists:nurse"), {"tab": "assessment"}).url
    response = signed_in.post(back_to, {"username": "nurse_a", "password": persona_password})
    assert response.status_code == 302
    assert response.url == "/worklist/?tab=assessment"
    assert signed_in.get(response.url).status_code == 200


def test_a_form_sent_after_the_timeout_saves_nothing_and_comes_back_to_its_page(signed_in, clock, site_a):
    clock(31)
    response = signed_in.post(
        reverse("patients:patient_new"), {"site": site_a.pk, "family_name": "Late", "given_name": "Anna"},
        headers={"Referer": "http://testserver/patients/new/?from=triage"},
    )
    assert response.url == login_url_back_to("/patients/new/?from=triage")
    assert not Patient.objects.exists()


def test_next_never_leads_to_another_site(signed_in, clock):
    clock(31)
    response = signed_in.post(reverse("patients:patient_new"), {}, headers={"Referer": "https://evil.example/x"})
    assert response.url == login_url_back_to(reverse("home"))


def test_an_htmx_request_after_the_timeout_sends_the_whole_page_to_the_login_page(signed_in, clock):
    clock(31)
    response = signed_in.get(reverse("worklists:nurse"), {"tab": "dxa"}, headers={
        "HX-Request": "true", "HX-Current-URL": "http://testserver/worklist/?tab=dxa",
    })
    assert response.status_code == 204
    assert response["HX-Redirect"] == login_url_back_to("/worklist/?tab=dxa")


def test_the_status_check_says_how_long_is_left_without_counting_as_activity(signed_in, clock):
    clock(20)
    status = signed_in.get(reverse("session_status"))
    assert status.json() == {"signed_in": True, "seconds_left": 10 * 60}
    clock(31)
    assert signed_in.get(reverse("session_status")).status_code == 401
    assert not is_signed_in(signed_in)


def test_stay_signed_in_restarts_the_clock(signed_in, clock):
    clock(28)
    stay = signed_in.post(reverse("session_status"))
    assert stay.json() == {"signed_in": True, "seconds_left": 30 * 60}
    clock(28 + 29)
    assert is_signed_in(signed_in)


def test_stay_signed_in_needs_the_csrf_token(nurse_a, clock):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(nurse_a)
    assert client.post(reverse("session_status")).status_code == 403


def test_each_response_tells_the_page_how_long_is_left(signed_in, clock):
    signed_in.get(reverse("worklists:nurse"))
    clock(10)
    # The session is written at most once a minute; the header counts from the last write.
    response = signed_in.get(reverse("worklists:nurse"), headers={"HX-Request": "true"})
    assert response["X-Idle-Seconds-Left"] == str(30 * 60)


def test_the_page_carries_the_warning_and_its_timings(signed_in, clock):
    clock(5)
    page = signed_in.get(reverse("worklists:nurse")).content.decode()
    assert 'id="idle-warning"' in page
    assert 'data-seconds-left="1800"' in page and 'data-warning-seconds="120"' in page
    assert "You will be signed out in 2 minutes" in page
    assert "Stay signed in" in page
    assert reverse("session_status") in page


def test_the_login_page_has_no_warning(client):
    assert 'id="idle-warning"' not in client.get(reverse("login")).content.decode()


def test_the_sign_out_leaves_one_message_for_the_login_page(signed_in, clock):
    clock(31)
    response = signed_in.get(reverse("worklists:nurse"))
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(said) == 1 and said[0].startswith("You were signed out because")


@pytest.mark.parametrize("minutes, expected_exit", [("45", 0), ("0", 1), ("soon", 1)])
def test_the_timeout_comes_from_the_environment(minutes, expected_exit):
    env = {**os.environ, "SESSION_IDLE_TIMEOUT_MINUTES": minutes, "DJANGO_SETTINGS_MODULE": "fls.settings"}
    script = "import django, json; django.setup(); from django.conf import settings; " \
             "print(json.dumps(settings.SESSION_IDLE_TIMEOUT_MINUTES))"
    run = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == expected_exit, run.stderr
    if expected_exit == 0:
        assert json.loads(run.stdout) == 45
    else:
        assert "SESSION_IDLE_TIMEOUT_MINUTES" in run.stderr
