"""The sign-off queue page shows its true total and pages through every waiting decision, oldest first, 25 at
a time; choosing a site narrows both, and the links keep the site and the page."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import selectors
from assessments.models import TreatmentDecision
from fls.read_models import episodes_changed
from fls.roles import CLINICIAN
from tests.factories import UserFactory
from tests.worklists.builders import episode_at, with_assessment, with_decision

pytestmark = pytest.mark.django_db

PAGE = selectors.SIGNOFF_PAGE_SIZE
AT_A = PAGE + 6
AT_B = 4
QUEUE = reverse("assessments:signoff_queue")


@pytest.fixture
def waiting(site_a, site_b, nurse_a, nurse_b):
    """AT_A decisions waiting at site A and AT_B at site B, drafted on different days, and one signed off."""
    now = timezone.now()
    for i in range(AT_A + AT_B):
        site, nurse = (site_a, nurse_a) if i < AT_A else (site_b, nurse_b)
        episode = episode_at(site, "assessed", family_name=f"Queue{i:02d}")
        with_assessment(episode, nurse)
        decision = with_decision(episode, nurse)
        TreatmentDecision.objects.filter(pk=decision.pk).update(drafted_at=now - timedelta(days=90 - (i * 7) % 60))
        episodes_changed([decision.episode_id])  # the worklists' read model follows, as after any service
    with_decision(episode_at(site_a, "treatment_decided"), nurse_a, signed_off=True)


@pytest.fixture
def clinician_of_both(site_a, site_b):
    return UserFactory(roles=[CLINICIAN], sites=[site_a, site_b])


def _get(client, **params):
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return response


def _shown(response) -> list[int]:
    return [d.pk for d in response.context["decisions"]]


def _text(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    assert found, testid
    return found.group(1)


def test_the_pages_hold_every_waiting_decision_once_oldest_first(client, waiting, clinician_of_both):
    client.force_login(clinician_of_both)
    first, second = _get(client), _get(client, signoff_page=2)
    html = first.content.decode()
    assert _text(html, "queue-total") == str(AT_A + AT_B)
    assert _text(html, "signoff-page-status") == f"Page 1 of 2 · {AT_A + AT_B} results"
    assert html.count('data-testid="queue-row"') == PAGE
    assert _shown(first) + _shown(second) == [d.pk for d in selectors.signoff_queue(clinician_of_both)]
    assert first.context["pages"]["signoff"].next == "?signoff_page=2#signoff"


def test_choosing_a_site_narrows_the_total_and_the_links_keep_it(client, waiting, clinician_of_both, site_a, site_b):
    client.force_login(clinician_of_both)
    at_b = _get(client, site=site_b.pk)
    html = at_b.content.decode()
    assert _text(html, "queue-total") == str(AT_B) and f"At {site_b.name} <" in html
    assert _shown(at_b) == [d.pk for d in selectors.signoff_queue(clinician_of_both, site_id=site_b.pk)]
    at_a = _get(client, site=site_a.pk, signoff_page=2)
    assert len(_shown(at_a)) == AT_A - PAGE
    assert at_a.context["pages"]["signoff"].previous == f"?site={site_a.pk}#signoff"


@pytest.mark.parametrize("site", ["²", "abc", "-1", "9" * 5000])
def test_a_site_that_is_not_a_number_is_ignored(client, waiting, clinician_of_both, site):
    client.force_login(clinician_of_both)
    assert _text(_get(client, site=site).content.decode(), "queue-total") == str(AT_A + AT_B)


def test_another_sites_id_shows_nothing_of_it(client, waiting, clinician_a, site_b):
    client.force_login(clinician_a)
    response = _get(client, site=site_b.pk)
    assert _text(response.content.decode(), "queue-total") == str(AT_A)
    assert response.context["site_id"] is None


@pytest.mark.parametrize("page", ["0", "99", "²", "x"])
def test_a_page_out_of_range_shows_the_nearest_one(client, waiting, clinician_a, page):
    client.force_login(clinician_a)
    response = _get(client, signoff_page=page)
    expected = 2 if page == "99" else 1
    assert response.context["pages"]["signoff"].page == expected


def test_signing_off_from_the_second_page_comes_back_to_it(client, waiting, clinician_a, site_a):
    client.force_login(clinician_a)
    here = f"{QUEUE}?site={site_a.pk}&signoff_page=2"
    html = client.get(here).content.decode()
    assert f'name="next" value="{here.replace("&", "&amp;")}"' in html
    decision = TreatmentDecision.objects.get(pk=_shown(client.get(here))[0])
    response = client.post(reverse("assessments:treatment_sign_off", args=[decision.episode_id]),
                           {"from": "queue", "next": here})
    assert response.url == here
    decision.refresh_from_db()
    assert decision.signed_off_at is not None


def test_the_queue_is_in_the_clinicians_menu_and_on_their_worklist(client, clinician_a, nurse_a):
    client.force_login(clinician_a)
    html = client.get(reverse("worklists:clinician")).content.decode()
    assert f'href="{QUEUE}" data-testid="nav-signoff-queue"' in html
    assert f'href="{QUEUE}" data-testid="open-signoff-queue"' in html
    client.force_login(nurse_a)
    assert 'data-testid="nav-signoff-queue"' not in client.get(reverse("worklists:nurse")).content.decode()
