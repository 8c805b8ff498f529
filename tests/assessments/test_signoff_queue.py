"""The clinician's home page: decisions waiting for sign-off at their sites, oldest first."""
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments import selectors, services

from .conftest import record_dxa

pytestmark = pytest.mark.django_db


def _draft(make_episode, site, nurse, *, name, at):
    with time_machine.travel(at, tick=False):
        episode = make_episode(site, nurse, family_name=name)
        record_dxa(episode, nurse, neck="-2.6")
        services.assessment_complete(episode=episode, by=nurse)
        return services.treatment_decision_save(episode=episode, by=nurse, recommendation="alendronate")


def test_the_queue_lists_waiting_decisions_oldest_first(make_episode, site_a, nurse_a, clinician_a):
    now = timezone.now()
    middle = _draft(make_episode, site_a, nurse_a, name="Middle", at=now - timedelta(days=5))
    newest = _draft(make_episode, site_a, nurse_a, name="Newest", at=now - timedelta(days=1))
    oldest = _draft(make_episode, site_a, nurse_a, name="Oldest", at=now - timedelta(days=9))
    assert list(selectors.signoff_queue(clinician_a)) == [oldest, middle, newest]


def test_signed_off_decisions_leave_the_queue(drafted_decision, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    assert list(selectors.signoff_queue(clinician_a)) == []


def test_the_queue_shows_only_the_clinicians_own_sites(make_episode, site_a, site_b, nurse_a, nurse_b, clinician_a):
    ours = _draft(make_episode, site_a, nurse_a, name="Ours", at=timezone.now() - timedelta(days=2))
    _draft(make_episode, site_b, nurse_b, name="Theirs", at=timezone.now() - timedelta(days=3))
    assert list(selectors.signoff_queue(clinician_a)) == [ours]


def test_the_clinician_lands_on_a_worklist_that_shows_the_queue(client, clinician_a, drafted_decision):
    client.force_login(clinician_a)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("worklists:clinician"), 302)]
    page = response.content.decode()
    assert 'data-testid="home-heading">My worklist<' in page
    assert str(drafted_decision.episode.patient) in page


def test_a_nurse_may_not_open_the_queue(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("assessments:signoff_queue")).status_code == 403


def test_signing_off_from_the_queue_comes_back_to_it(client, drafted_decision, clinician_a):
    client.force_login(clinician_a)
    response = client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]),
                           {"from": "queue"})
    assert response.url == reverse("assessments:signoff_queue")


def test_signing_off_from_the_clinician_worklist_comes_back_to_it(client, drafted_decision, clinician_a):
    client.force_login(clinician_a)
    worklist = reverse("worklists:clinician")
    html = client.get(worklist, {"bloods_page": "1"}).content.decode()
    assert f'name="next" value="{worklist}?bloods_page=1"' in html
    response = client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]),
                           {"from": "queue", "next": f"{worklist}?bloods_page=1"})
    assert response.url == f"{worklist}?bloods_page=1"
    drafted_decision.refresh_from_db()
    assert drafted_decision.signed_off_at is not None


@pytest.mark.parametrize("elsewhere", ["https://example.org/", "//example.org/x"])
def test_signing_off_never_sends_the_clinician_off_site(client, drafted_decision, clinician_a, elsewhere):
    client.force_login(clinician_a)
    response = client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]),
                           {"from": "queue", "next": elsewhere})
    assert response.url == reverse("assessments:signoff_queue")


@pytest.mark.parametrize("rows", [1, 6])
def test_the_queue_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, make_episode, site_a,
                                                       nurse_a, clinician_a, rows):
    for i in range(rows):
        _draft(make_episode, site_a, nurse_a, name=f"Row{i}", at=timezone.now() - timedelta(days=i + 1))
    client.force_login(clinician_a)
    # session, user, the two-factor device that verified the session (django-otp), roles and permissions (one:
    # fls.auth), the sites (their ids with them), the count, the page; then the rows' decision support
    # (assessments.selectors.signoff_supports): their episodes, and what the rules read (assessment, vertebral
    # fractures, bloods, vertebral episodes, the FRAX table, the sites' settings)
    with django_assert_num_queries(14):
        response = client.get(reverse("assessments:signoff_queue"))
    assert response.content.decode().count('data-testid="queue-row"') == rows
