"""Staff see only the sites they are members of; another site's page does not exist for them."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from fls.models import User
from fls.selectors import visible_site_ids
from tests.factories import SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_nurse_sees_her_own_site(client, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("site_detail", args=["north"]))
    assert response.status_code == 200
    assert "North General Hospital" in response.content.decode()


def test_a_nurse_at_another_site_gets_not_found(client, site_a, nurse_b):
    # 404, not 403: she must not learn that the site exists.
    client.force_login(nurse_b)
    assert client.get(reverse("site_detail", args=["north"])).status_code == 404


def test_a_site_that_does_not_exist_is_not_found(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("site_detail", args=["nowhere"])).status_code == 404


def test_visible_site_ids_are_only_the_member_sites(nurse_a, site_a, site_b):
    SiteFactory(code="east")
    assert visible_site_ids(User.objects.get(pk=nurse_a.pk)) == [site_a.pk]


def test_a_member_of_two_sites_sees_both(site_a, site_b):
    nurse = UserFactory(sites=[site_a, site_b])
    assert sorted(visible_site_ids(User.objects.get(pk=nurse.pk))) == sorted([site_a.pk, site_b.pk])


def test_an_inactive_site_is_hidden_from_its_members(client, nurse_a, site_a):
    site_a.is_active = False
    site_a.save()
    assert visible_site_ids(User.objects.get(pk=nurse_a.pk)) == []
    client.force_login(nurse_a)
    assert client.get(reverse("site_detail", args=["north"])).status_code == 404


def test_an_anonymous_user_sees_no_sites(site_a):
    assert visible_site_ids(AnonymousUser()) == []


def test_the_site_page_lists_only_that_sites_team(client, nurse_a, clinician_a, nurse_b):
    client.force_login(nurse_a)
    page = client.get(reverse("site_detail", args=["north"])).content.decode()
    assert "Alice Nurse" in page and "Chidi Clinician" in page
    assert "Bea Nurse" not in page
