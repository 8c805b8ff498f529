"""From a KPI to the episodes that miss it, for roles that may see patients; aggregates only for others."""
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from fls.roles import MANAGER
from tests.factories import UserFactory

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
PARAMS = {"site": "north", "from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}


def test_it_lists_the_episodes_that_miss_a_kpi(client, manager_a, north_records):
    client.force_login(manager_a)
    response = client.get(reverse("audit:episodes_missing", args=[4]), PARAMS)
    assert response.status_code == 200
    assert {e.pk for e in response.context["episodes"]} == {north_records[2].pk, north_records[5].pk}


def test_the_drill_down_for_kpi_9_lists_the_late_contact(client, clinician_a, north_records):
    client.force_login(clinician_a)
    response = client.get(reverse("audit:episodes_missing", args=[9]), PARAMS)
    assert [e.pk for e in response.context["episodes"]] == [north_records[3].pk]


def test_a_manager_without_patient_access_sees_only_aggregates(client, site_a, north_records):
    # A manager role stripped of patient access, as a deployment may configure it.
    manager = UserFactory(username="manager_np", roles=[MANAGER], sites=[site_a])
    group = Group.objects.get(name=MANAGER)
    group.permissions.remove(*Permission.objects.filter(codename="view_patient"))
    client.force_login(manager)
    page = client.get(reverse("audit:dashboard"), PARAMS)
    assert page.status_code == 200
    assert b"Episodes that miss it" not in page.content
    assert b"Audit dataset (CSV)" not in page.content
    assert client.get(reverse("audit:episodes_missing", args=[4]), PARAMS).status_code == 403
    assert client.get(reverse("audit:dataset_csv"), PARAMS).status_code == 403
    assert client.get(reverse("audit:kpi_csv"), PARAMS).status_code == 200


def test_a_nurse_may_not_drill_down(client, nurse_a, north_records):
    client.force_login(nurse_a)
    assert client.get(reverse("audit:episodes_missing", args=[4]), PARAMS).status_code == 403
