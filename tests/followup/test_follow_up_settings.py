"""A site's follow-up schedule is a setting an administrator edits; a change applies to follow-ups
created afterwards only, because each follow-up keeps a copy of its window."""
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from followup import services
from followup.models import FollowUp, FollowUpSettings

pytestmark = pytest.mark.django_db

FRACTURE = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        yield


def form_data(settings_row, **changes):
    data = {
        "anchor": settings_row.anchor, "failed_attempt_limit": settings_row.failed_attempt_limit,
        "scan_time": settings_row.scan_time.strftime("%H:%M"), "version": settings_row.version,
    }
    for kind in ("week_4", "week_12", "week_52"):
        for part in ("opens", "due", "closes"):
            data[f"{kind}_{part}"] = getattr(settings_row, f"{kind}_{part}")
    data.update(changes)
    return data


def test_the_defaults_are_the_reference_schedule(site_a):
    row = services.settings_for_site(site_a)
    assert (row.anchor, row.window("week_4"), row.window("week_12"), row.window("week_52"), row.failed_attempt_limit) == (
        "fracture", (3, 4, 6), (12, 12, 16), (48, 52, 56), 3,
    )


def test_an_administrator_edits_the_schedule_on_its_page(client, admin_a, site_a):
    client.force_login(admin_a)
    url = reverse("followup:settings_edit", args=[site_a.code])
    row = services.settings_for_site(site_a)

    response = client.post(url, form_data(row, week_12_closes=18, failed_attempt_limit=4))

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.week_12_closes, row.failed_attempt_limit, row.version) == (18, 4, 2)
    assert row.history.first().history_user == admin_a


def test_the_settings_page_is_reachable_from_the_menu_for_an_administrator(client, admin_a, site_a):
    client.force_login(admin_a)
    page = client.get(reverse("followup:settings_index"), follow=True)
    assert page.status_code == 200
    assert reverse("followup:settings_index") in page.content.decode()
    assert "Follow-up settings: North General Hospital" in page.content.decode()


def test_a_window_that_does_not_hold_its_due_week_is_refused_beside_the_field(client, admin_a, site_a):
    client.force_login(admin_a)
    row = services.settings_for_site(site_a)
    response = client.post(reverse("followup:settings_edit", args=[site_a.code]), form_data(row, week_12_due=20))

    assert response.status_code == 200
    assert "The due week must lie inside the window" in response.content.decode()
    assert "id_week_12_due" in response.content.decode()
    assert FollowUpSettings.objects.get(site=site_a).week_12_due == 12


def test_saving_over_someone_elses_change_is_refused(client, admin_a, site_a):
    row = services.settings_for_site(site_a)
    stale = form_data(row, week_4_closes=7)
    services.followup_settings_update(site=site_a, by=admin_a, expected_version=row.version, failed_attempt_limit=5)
    client.force_login(admin_a)

    response = client.post(reverse("followup:settings_edit", args=[site_a.code]), stale)

    assert "Someone else changed this record" in response.content.decode()
    assert "failed attempts before lost to follow-up" in response.content.decode()
    assert FollowUpSettings.objects.get(site=site_a).week_4_closes == 6


@pytest.mark.parametrize("persona", ["nurse_a", "manager_a", "clinician_a"])
def test_other_roles_cannot_edit_the_schedule(client, request, site_a, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("followup:settings_edit", args=[site_a.code])).status_code == 403


def test_an_administrator_of_another_site_gets_a_404(client, admin_a, site_b):
    client.force_login(admin_a)
    assert client.get(reverse("followup:settings_edit", args=[site_b.code])).status_code == 404


def test_a_change_applies_only_to_follow_ups_created_afterwards(make_in_follow_up, admin_a, site_a):
    earlier = make_in_follow_up(fracture_date=FRACTURE)
    services.followup_settings_update(site=site_a, by=admin_a, expected_version=None, week_12_closes=20)
    later = make_in_follow_up(fracture_date=FRACTURE)

    closes = lambda ep: FollowUp.objects.get(episode=ep, kind="week_12").window_closes  # noqa: E731
    assert closes(earlier) == FRACTURE + timedelta(weeks=16)
    assert closes(later) == FRACTURE + timedelta(weeks=20)
