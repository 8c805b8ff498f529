"""The clinician worklist: each list shows a page of CLINICIAN_PAGE_SIZE, oldest first, under its true total,
and pages on its own."""
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from worklists import clinician_presenters, selectors
from worklists.models import ClinicalAdviceRequest
from worklists.services import advice_request_create

from .builders import episode_at, with_assessment, with_blood, with_decision

pytestmark = pytest.mark.django_db

PAGE = selectors.CLINICIAN_PAGE_SIZE
MORE_THAN_A_PAGE = PAGE + 7  # two pages: one full, one of 7


@pytest.fixture
def busy_site(site_a, nurse_a):
    """MORE_THAN_A_PAGE of each list at site A, and one of each at site B, which must not be counted."""
    for _ in range(MORE_THAN_A_PAGE):
        episode = episode_at(site_a, "assessed")
        with_blood(with_assessment(episode, nurse_a), nurse_a, value="3.1")
        with_decision(episode, nurse_a)
        advice_request_create(episode=episode, by=nurse_a, question="Renal function?")
    return site_a


@pytest.fixture
def other_site_too(site_b, nurse_b):
    episode = episode_at(site_b, "assessed")
    with_blood(with_assessment(episode, nurse_b), nurse_b, value="3.1")
    with_decision(episode, nurse_b)
    advice_request_create(episode=episode, by=nurse_b, question="Elsewhere?")


def _get(client, **params):
    response = client.get(reverse("worklists:clinician"), params)
    assert response.status_code == 200
    return response


def _testid_text(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    assert found, testid
    return found.group(1)


def _shown(response) -> dict[str, list[int]]:
    c = response.context
    return {"signoff": [d.pk for d in c["decisions"]], "bloods": [b.pk for b in c["bloods"]],
            "advice": [r.pk for r in c["advice_requests"]]}


def test_the_badges_and_headings_show_the_true_totals_above_a_page(client, busy_site, other_site_too, clinician_a):
    client.force_login(clinician_a)
    page = _get(client).content.decode()
    for key in ("signoff", "bloods", "advice"):
        assert _testid_text(page, f"count-{key}") == str(MORE_THAN_A_PAGE)
        assert _testid_text(page, f"heading-count-{key}") == str(MORE_THAN_A_PAGE)
        assert _testid_text(page, f"{key}-page-status") == f"Page 1 of 2 · {MORE_THAN_A_PAGE} results"
    assert page.count('data-testid="queue-row"') == PAGE
    assert page.count('data-testid="blood-row"') == PAGE
    assert page.count('data-testid="advice-row"') == PAGE


def test_the_totals_are_the_lists_own_counts(busy_site, other_site_too, clinician_a):
    lists = selectors.clinician_lists(clinician_a)
    assert selectors.clinician_totals(clinician_a) == {key: qs.count() for key, qs in lists.items()}


def test_the_two_pages_hold_every_row_once_oldest_first(client, busy_site, clinician_a):
    client.force_login(clinician_a)
    first = _shown(_get(client))
    second = _shown(_get(client, signoff_page=2, bloods_page=2, advice_page=2))
    lists = selectors.clinician_lists(clinician_a)
    for key, qs in lists.items():
        assert len(first[key]) == PAGE and len(second[key]) == MORE_THAN_A_PAGE - PAGE
        assert first[key] + second[key] == [row.pk for row in qs]  # no overlap, none missed, in order


def test_each_list_pages_on_its_own(client, busy_site, clinician_a):
    client.force_login(clinician_a)
    first = _shown(_get(client))
    response = _get(client, bloods_page=2)
    shown = _shown(response)
    assert shown["bloods"] != first["bloods"]
    assert shown["signoff"] == first["signoff"] and shown["advice"] == first["advice"]
    page = response.content.decode()
    assert _testid_text(page, "bloods-page-status").startswith("Page 2 of 2")
    assert _testid_text(page, "signoff-page-status").startswith("Page 1 of 2")


def test_a_lists_links_keep_the_other_lists_on_their_pages(client, busy_site, clinician_a):
    client.force_login(clinician_a)
    pages = _get(client, bloods_page=2).context["pages"]
    assert pages["signoff"].next == "?bloods_page=2&signoff_page=2#signoff"
    assert pages["bloods"].previous == "?#bloods"  # page 1 of the bloods, and every list on page 1
    assert pages["bloods"].next == ""
    assert pages["signoff"].previous == ""
    page = _get(client, bloods_page=2).content.decode()
    assert 'href="?bloods_page=2&amp;signoff_page=2#signoff" data-testid="signoff-page-next"' in page


@pytest.mark.parametrize("asked", ["99", "99999999999999999999999"])
def test_a_page_past_the_last_shows_the_last(client, busy_site, clinician_a, asked):
    client.force_login(clinician_a)
    response = _get(client, signoff_page=asked)
    assert response.context["pages"]["signoff"].page == 2
    assert len(response.context["decisions"]) == MORE_THAN_A_PAGE - PAGE


# "9" * 5000: more digits than int() will read (Python's int_max_str_digits), so not a number.
@pytest.mark.parametrize("asked", ["", "0", "-1", "abc", "1.5", "²", "２", " 2", "2; DROP TABLE", "9" * 5000])
def test_a_page_that_is_not_a_page_number_shows_the_first(client, busy_site, clinician_a, asked):
    client.force_login(clinician_a)
    first = _shown(_get(client))
    response = _get(client, signoff_page=asked, bloods_page=asked, advice_page=asked)
    if asked == "２":  # a full-width 2 is a decimal digit: int() reads it as 2
        assert response.context["pages"]["signoff"].page == 2
        return
    assert _shown(response) == first
    assert {p.page for p in response.context["pages"].values()} == {1}


def test_an_empty_list_is_page_1_of_1(client, clinician_a):
    client.force_login(clinician_a)
    response = _get(client, signoff_page=3)
    page = response.content.decode()
    assert _testid_text(page, "count-signoff") == "0"
    assert _testid_text(page, "signoff-page-status") == "Page 1 of 1 · 0 results"
    assert 'data-testid="queue-empty"' in page
    assert "signoff-page-next" not in page and "signoff-page-previous" not in page


def test_a_clinician_of_no_site_sees_empty_lists(client, clinician_a):
    clinician_a.memberships.all().delete()
    client.force_login(clinician_a)
    response = _get(client)
    assert {key: p.total for key, p in response.context["pages"].items()} == {"signoff": 0, "bloods": 0, "advice": 0}


def test_paging_stops_at_the_offset_bound_and_says_so():
    total = selectors.MAX_OFFSET * 3
    pages = clinician_presenters.list_pages({"signoff": total, "bloods": 30}, {"signoff": 10_000, "bloods": 1})
    signoff = pages["signoff"]
    last = selectors.MAX_OFFSET // PAGE + 1
    assert (signoff.page, signoff.last_page, signoff.truncated, signoff.next) == (last, last, True, "")
    assert (pages["bloods"].last_page, pages["bloods"].truncated) == (2, False)
    # The last page reachable starts at the bound itself, no further.
    assert (signoff.page - 1) * PAGE <= selectors.MAX_OFFSET
    status = render_to_string("fls/_list_pager.html", {
        "p": signoff, "label": "decisions", "beyond": "sign them off oldest first",
        "more_url": reverse("assessments:signoff_queue"), "more_label": "sign-off queue"})
    assert (f"Page {last} of {last} · {total} results "
            f"(showing the oldest {last} pages: sign them off oldest first") in status
    assert f'<a href="{reverse("assessments:signoff_queue")}">sign-off queue</a>' in status


def test_answering_from_a_page_of_the_worklist_returns_to_that_page(client, busy_site, clinician_a):
    client.force_login(clinician_a)
    response = _get(client, advice_page=2, bloods_page=2)
    here = f"{reverse('worklists:clinician')}?advice_page=2&bloods_page=2#advice"
    assert f'name="next" value="{here.replace("&", "&amp;")}"' in response.content.decode()
    advice_request = ClinicalAdviceRequest.objects.filter(pk__in=_shown(response)["advice"]).first()
    answered = client.post(reverse("worklists:advice_request_answer", args=[advice_request.pk]),
                           {"answer": "Zoledronic acid", "from": "worklist", "next": here})
    assert answered.url == here


@pytest.mark.parametrize("next_url", [
    "https://evil.example/worklist/clinician/", "//evil.example/worklist/clinician/", "/\\evil.example/",
    "/patients/", "javascript:alert(1)", "",
])
def test_answering_never_redirects_off_the_worklist(client, busy_site, clinician_a, next_url):
    client.force_login(clinician_a)
    advice_request = ClinicalAdviceRequest.objects.filter(answered_at__isnull=True).first()
    answered = client.post(reverse("worklists:advice_request_answer", args=[advice_request.pk]),
                           {"answer": "Zoledronic acid", "from": "worklist", "next": next_url})
    assert answered.url == reverse("worklists:clinician")
