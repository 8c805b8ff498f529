"""The four roles are Django groups with the permissions fls.roles gives them, and each has its home."""
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from fls.roles import ALL_ROLES, CLINICIAN, NURSE, ROLE_PERMISSIONS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _home_heading(response) -> str:
    match = re.search(r'data-testid="home-heading"[^>]*>\s*([^<]*?)\s*<', response.content.decode())
    assert match, "the page has no home heading"
    return match.group(1)


def test_the_four_role_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


@pytest.mark.parametrize(
    "permission", sorted({code for codes in ROLE_PERMISSIONS.values() for code in codes})
)
def test_every_permission_a_role_grants_exists(permission):
    # A typo in fls.roles would otherwise leave a role quietly without the permission.
    app_label, codename = permission.split(".", 1)
    assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_has_exactly_the_permissions_fls_roles_gives_it(role):
    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert granted == set(ROLE_PERMISSIONS[role])


def _landing_page(client, user):
    """Where a user ends up after signing in: `home` sends each role to its own page."""
    client.force_login(user)
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) == 1
    return response


def test_a_nurse_lands_on_her_worklist(client, nurse_a):
    assert _home_heading(_landing_page(client, nurse_a)) == "My worklist"


def test_a_clinician_lands_on_the_clinician_worklist(client, clinician_a):
    # The clinician worklist opens with the decisions awaiting sign-off.
    response = _landing_page(client, clinician_a)
    assert response.redirect_chain[-1][0] == reverse("worklists:clinician")
    assert _home_heading(response) == "My worklist"


def test_a_manager_lands_on_the_service_dashboard(client, manager_a):
    response = _landing_page(client, manager_a)
    assert response.redirect_chain[0][0] == reverse("audit:dashboard")
    assert _home_heading(response) == "Service dashboard"


def test_an_administrator_lands_on_service_operations(client, admin_a):
    response = _landing_page(client, admin_a)
    assert response.redirect_chain[0][0] == reverse("operations")
    assert _home_heading(response) == "Service operations"


def test_a_nurse_who_is_also_a_clinician_lands_on_her_worklist(client, site_a):
    # fls.roles.HOME_PRECEDENCE: the nurse's worklist comes first.
    user = UserFactory(roles=[CLINICIAN, NURSE], sites=[site_a])
    assert _home_heading(_landing_page(client, user)) == "My worklist"


def test_a_user_with_no_role_is_told_to_ask_for_one(client, site_a):
    client.force_login(UserFactory(sites=[site_a]))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "Your account has no role yet" in response.content.decode()


def test_a_nurse_is_refused_the_manager_dashboard(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("audit:dashboard")).status_code == 403


def test_a_nurse_is_refused_the_operations_page(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("operations")).status_code == 403


def test_a_manager_may_see_the_operations_page(client, manager_a):
    client.force_login(manager_a)
    assert client.get(reverse("operations")).status_code == 200
