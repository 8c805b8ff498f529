"""One vocabulary, one count (issue 20). The nurse worklist's follow-up tabs count patients and say so ("Patients
overdue"); the Follow-ups page counts follow-ups and says so ("Follow-ups overdue"), because a patient can have two (a
4-week contact overdue and the 12-week one due). On the demo's data, for every nurse: no label is shown with two
different counts, each badge counts the rows of its own list, the worklist's patients are the patients of the
Follow-ups lists, and the reminders box lists only follow-ups of the table below it."""
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from demo.services import demo_seed
from fls.models import User

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
NOW = "2026-06-01 10:00 +01:00"
NURSES = ("nurse", "nurse_north", "nurse_south", "nurse_sakura")


@pytest.fixture
def demo():
    with time_machine.travel(NOW, tick=False):
        demo_seed(patients=36, seed=5, password="demo-password-2026", today=TODAY)


def _badges(html: str, keys) -> dict[str, tuple[str, int]]:
    """Each tab's (label, count) by its badge's data-testid (count-<key>)."""
    found = {}
    for key in keys:
        match = re.search(r'>\s*([^<>]*?)\s*<span class="badge[^"]*"\s*data-testid="count-' + key + r'">(\d+)</span>',
                          html)
        assert match, f"no count-{key} badge"
        found[key] = (" ".join(match[1].split()), int(match[2]))
    return found


def _all_rows(client, url: str, row_pattern: str) -> list[str]:
    """What every page of a list shows, each row's matched id."""
    rows, page = [], 1
    while True:
        html = client.get(url, {"page": page}).content.decode()
        rows += re.findall(row_pattern, html)
        if f'page={page + 1}' not in html:
            return rows
        page += 1


def test_every_label_counts_one_thing_and_the_lists_agree(client, demo):
    with time_machine.travel(NOW, tick=False):
        for username in NURSES:
            nurse = User.objects.get(username=username)
            client.force_login(nurse)
            response = client.get(reverse("worklists:nurse"))
            worklist = response.content.decode()
            patients = _badges(worklist, ("due", "overdue", "lost"))
            # In the nurse's language (Japanese at Sakura).
            with translation.override(response.headers["Content-Language"]):
                names = {"patients": [translation.gettext(text) for text in (
                    "Patients due this week", "Patients overdue", "Patients lost to follow-up")],
                    "follow-ups": [translation.gettext(text) for text in (
                        "Follow-ups due this week", "Follow-ups overdue", "Follow-ups lost")]}
            assert [label for label, _count in patients.values()] == names["patients"]

            follow_ups, shown = {}, {}
            for which in ("due", "overdue", "lost"):
                url = reverse(f"followup:{which}")
                html = client.get(url).content.decode()
                follow_ups = _badges(html, ("due", "overdue", "lost"))
                rows = _all_rows(client, url, r'data-testid="follow-up-row">\s*<td><a href="/episodes/(\d+)/"')
                shown[which] = rows
                # The badge counts the rows of its own list (follow-ups, one row each).
                assert follow_ups[which][1] == len(rows), (username, which)
                # The reminders box lists only follow-ups of the table below it.
                box = re.search(r'data-testid="my-worklist">(.*?)</div>', html, re.S)
                if box:
                    table = set(re.findall(r'href="/follow-ups/(\d+)/contact/"', html.split('data-testid="follow-up-list"')[1]))
                    boxed = set(re.findall(r'href="/follow-ups/(\d+)/contact/"', box[1]))
                    assert boxed <= table | set(_all_rows(
                        client, url, r'href="/follow-ups/(\d+)/contact/" data-testid="record-contact"')), (username, which)
            assert [label for label, _count in follow_ups.values()] == names["follow-ups"]

            # A label names one count wherever it is shown.
            labels = {}
            for label, count in [*patients.values(), *follow_ups.values()]:
                assert labels.setdefault(label, count) == count, (username, label)
            # The worklist's patients due and overdue are the patients of those follow-ups.
            assert patients["due"][1] == len(set(shown["due"])), username
            assert patients["overdue"][1] == len(set(shown["overdue"])), username
            # Lost: every patient with a lost follow-up is a patient lost to follow-up (who may also have been lost
            # before any follow-up was planned, during assessment).
            assert len(set(shown["lost"])) <= patients["lost"][1], username
