"""The contact form's `next` comes from the browser: a page of this site is returned to; anything else
("abc", another host) is ignored for the due list, never followed (an open redirect) and never a 500."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from .conftest import follow_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel("2026-01-27 10:00 +00:00", tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("next_page, goes_to", [
    ("abc", "/follow-ups/"),
    ("https://evil.example/phish", "/follow-ups/"),
    ("/worklist/?tab=due", "/worklist/?tab=due"),
])
def test_a_recorded_contact_returns_to_next_only_if_it_is_a_page_here(client, make_in_follow_up, nurse_a,
                                                                    next_page, goes_to):
    week_4 = follow_up(make_in_follow_up(fracture_date=date(2026, 1, 5)), "week_4")
    client.force_login(nurse_a)

    response = client.post(reverse("followup:contact", args=[week_4.pk]), {
        "contacted_on": "2026-01-27", "method": "phone", "reached": "yes", "adherence": "as_prescribed",
        "falls_since_last_contact": "0", "version": week_4.version, "next": next_page,
    })

    assert response.status_code == 302
    assert response["Location"] == goes_to
