"""A contact dated outside its follow-up's window (issue 20): often a slip of the keyboard, so it is refused with a
message beside the date until the nurse confirms it; confirmed, it is recorded as early or late, and says so in the
list of attempts. Its first and last days are inside the window."""
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup import services
from followup.models import ContactTiming, FollowUpContact

from .conftest import contact, follow_up

pytestmark = pytest.mark.django_db

FRACTURE = date(2026, 1, 5)  # the 4-week window is 26 Jan – 16 Feb (weeks 3 to 6)
OPENS, CLOSES = date(2026, 1, 26), date(2026, 2, 16)


@pytest.fixture
def week_4(make_in_follow_up):
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        yield follow_up(make_in_follow_up(fracture_date=FRACTURE), "week_4")


@pytest.mark.parametrize("day, timing", [
    (date(2026, 1, 25), ContactTiming.EARLY), (OPENS, ContactTiming.ON_TIME), (CLOSES, ContactTiming.ON_TIME),
    (date(2026, 2, 17), ContactTiming.LATE),
])
def test_the_timing_is_against_the_window_its_edges_inside(week_4, day, timing):
    assert (week_4.window_opens, week_4.window_closes) == (OPENS, CLOSES)
    assert services.contact_timing(week_4, day) == timing


@pytest.mark.parametrize("day, message", [
    (date(2026, 1, 20), "20 Jan 2026 is before the 4-week window opens (26 Jan 2026). If the date is right, tick "
                        "“Record it outside the window” and save again: it is recorded as early."),
    (date(2026, 2, 20), "20 Feb 2026 is after the 4-week window closed (16 Feb 2026). If the date is right, tick "
                        "“Record it outside the window” and save again: it is recorded as late."),
])
def test_a_date_outside_the_window_is_refused_until_confirmed(week_4, nurse_a, day, message):
    with pytest.raises(ValidationError) as refused:
        contact(week_4, nurse_a, contacted_on=day, confirm_outside_window=False)
    assert refused.value.message_dict == {"contacted_on": [message]}
    assert refused.value.error_dict["contacted_on"][0].code == "outside_window"
    assert not FollowUpContact.objects.exists()
    week_4.refresh_from_db()
    assert week_4.status == "scheduled"


@pytest.mark.parametrize("day, timing", [(date(2026, 1, 20), "early"), (date(2026, 2, 20), "late")])
def test_a_confirmed_date_outside_the_window_is_recorded_early_or_late(week_4, nurse_a, day, timing):
    saved = contact(week_4, nurse_a, contacted_on=day, confirm_outside_window=True)
    saved.refresh_from_db()
    assert (saved.timing, saved.in_window, saved.contacted_on) == (timing, False, day)
    assert saved.history.first().timing == timing


def test_a_date_inside_the_window_needs_no_confirmation(week_4, nurse_a):
    saved = contact(week_4, nurse_a, contacted_on=OPENS, confirm_outside_window=False)
    assert (saved.timing, saved.in_window) == ("on_time", True)


def _post(client, week_4, **fields):
    data = {"contacted_on": "20/01/2026", "method": "phone", "reached": "yes", "adherence": "as_prescribed",
            "falls_since_last_contact": "0", "version": week_4.version, **fields}
    return client.post(reverse("followup:contact", args=[week_4.pk]), data)


def test_the_page_asks_for_the_confirmation_beside_the_date_then_records_it_early(client, week_4, nurse_a):
    client.force_login(nurse_a)
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        first = client.get(reverse("followup:contact", args=[week_4.pk])).content.decode()
        hidden = first[first.index('id="confirm-outside-window"'):]
        assert 'class="d-none"' in hidden[:hidden.index(">")]  # no question until the date is refused

        response = _post(client, week_4)
        page = response.content.decode()
        assert response.status_code == 200 and not FollowUpContact.objects.exists()
        assert "20 Jan 2026 is before the 4-week window opens (26 Jan 2026)." in page
        date_box = page[page.rindex("<input", 0, page.index('name="contacted_on"')):]
        assert "is-invalid" in date_box[:date_box.index(">")]
        confirm = page[page.index('id="confirm-outside-window"'):]
        assert "d-none" not in confirm[:confirm.index(">")]
        assert 'name="confirm_outside_window"' in confirm
        assert 'value="20/01/2026"' in date_box[:date_box.index(">")]  # what was typed is kept

        response = _post(client, week_4, confirm_outside_window="on")
        assert response.status_code == 302
        saved = FollowUpContact.objects.get()
        assert (saved.timing, saved.contacted_on) == ("early", date(2026, 1, 20))

        listed = client.get(reverse("followup:contact", args=[follow_up(week_4.episode, "week_12").pk])).content
        assert listed.count(b'data-testid="contact-timing"') == 0  # another follow-up's list
        # The completed 4-week follow-up's page lists the attempt as early.
        page = client.get(reverse("followup:contact", args=[week_4.pk])).content.decode()
        assert 'data-testid="contact-timing">early (before the window opened)</span>' in page


def test_a_date_inside_the_window_saves_without_the_question(client, week_4, nurse_a):
    client.force_login(nurse_a)
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        response = _post(client, week_4, contacted_on="26/01/2026")
    assert response.status_code == 302
    assert FollowUpContact.objects.get().timing == "on_time"
