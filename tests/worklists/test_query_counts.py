"""Each worklist page runs the same number of queries for one row as for many."""
from datetime import timedelta

import pytest
from django.urls import reverse

from worklists import selectors

from .builders import TODAY, episode_at, with_assessment, with_blood, with_decision, with_follow_up

pytestmark = pytest.mark.django_db


def _fill(site, nurse, n):
    for i in range(n):
        for state in ("identified", "awaiting_assessment", "assessed"):
            ep = episode_at(site, state, nurse=nurse)
            if state == "assessed":
                a = with_assessment(ep, nurse, dxa_requested=True, dxa_done=True)
                with_blood(a, nurse, value="3.1")
                with_decision(ep, nurse)
        ep = episode_at(site, "in_follow_up", nurse=nurse)
        with_follow_up(ep, opens=TODAY - timedelta(days=1), closes=TODAY + timedelta(days=10))


def _queries(client, django_assert_max_num_queries, url, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("tab", selectors.TAB_KEYS)
def test_a_nurse_tab_runs_a_fixed_number_of_queries(client, site_a, nurse_a, tab, django_assert_num_queries,
                                                    django_assert_max_num_queries):
    client.force_login(nurse_a)
    _fill(site_a, nurse_a, 1)
    one = _queries(client, django_assert_max_num_queries, reverse("worklists:nurse"), {"tab": tab})
    _fill(site_a, nurse_a, 6)
    with django_assert_num_queries(one):
        client.get(reverse("worklists:nurse"), {"tab": tab, "nurse": "mine", "q": "a"})


def test_the_nurse_worklist_takes_seven_queries(client, site_a, nurse_a, django_assert_num_queries):
    # session, user, roles and permissions (one, fls.auth), the sites (their ids with them), ONE for all tab
    # counts, rows, nurses
    _fill(site_a, nurse_a, 3)
    client.force_login(nurse_a)
    with django_assert_num_queries(7):
        client.get(reverse("worklists:nurse"), {"tab": "assessment"})


def test_the_clinician_worklist_runs_a_fixed_number_of_queries(client, site_a, nurse_a, clinician_a,
                                                               django_assert_num_queries):
    from worklists.services import advice_request_create

    client.force_login(clinician_a)
    _fill(site_a, nurse_a, 1)
    one = _queries(client, None, reverse("worklists:clinician"))
    many = selectors.CLINICIAN_PAGE_SIZE + 5  # more than a page of each list
    _fill(site_a, nurse_a, many - 1)
    for ep in site_a.episodes.filter(state="awaiting_assessment"):
        advice_request_create(episode=ep, by=nurse_a, question="Renal function?")
    with django_assert_num_queries(one):
        response = client.get(reverse("worklists:clinician"))
    assert len(response.context["decisions"]) == selectors.CLINICIAN_PAGE_SIZE
    assert len(response.context["bloods"]) == selectors.CLINICIAN_PAGE_SIZE
    assert len(response.context["advice_requests"]) == selectors.CLINICIAN_PAGE_SIZE
    assert {p.total for p in response.context["pages"].values()} == {many}
    with django_assert_num_queries(one):
        response = client.get(reverse("worklists:clinician"), {"signoff_page": 2, "bloods_page": 2, "advice_page": 9})
    assert len(response.context["decisions"]) == 5


def test_the_clinician_worklist_takes_sixteen_queries(client, site_a, nurse_a, clinician_a, django_assert_num_queries):
    # session, user, the two-factor device that verified the session (django-otp), roles and permissions (one,
    # fls.auth), the sites (their ids with them), ONE for the three lists' totals, a page of each list (3), and the
    # sign-off rows' decision support (7: assessments.selectors.signoff_supports)
    _fill(site_a, nurse_a, 2)
    client.force_login(clinician_a)
    with django_assert_num_queries(16):
        client.get(reverse("worklists:clinician"))
