"""fls.auth.RoleBackend answers every permission question as Django's ModelBackend does, and reads a user's
roles and permissions in one query."""
import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from fls.models import User
from fls.roles import CLINICIAN, NURSE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no caches from earlier checks


@pytest.fixture
def users(site_a):
    direct = UserFactory(username="direct", roles=[NURSE], sites=[site_a])
    direct.user_permissions.add(Permission.objects.get(codename="view_operations"))
    found = {
        "nurse": UserFactory(username="n", roles=[NURSE], sites=[site_a]),
        "two roles": UserFactory(username="nc", roles=[NURSE, CLINICIAN], sites=[site_a]),
        "direct": direct,
        "no role": UserFactory(username="none", roles=[], sites=[site_a]),
        "superuser": UserFactory(username="root", roles=[], sites=[site_a]),
        "inactive": UserFactory(username="gone", roles=[NURSE], sites=[site_a]),
    }
    User.objects.filter(username="root").update(is_superuser=True)
    User.objects.filter(username="gone").update(is_active=False)
    return {who: _fresh(user) for who, user in found.items()}


@pytest.mark.parametrize("who", ["nurse", "two roles", "direct", "no role", "superuser", "inactive"])
def test_the_same_permissions_as_djangos_model_backend(users, who):
    user = users[who]
    expected = ModelBackend().get_all_permissions(_fresh(user))
    fresh = _fresh(user)
    assert fresh.get_all_permissions() == expected
    assert fresh.get_user_permissions() == ModelBackend().get_user_permissions(_fresh(user))
    assert fresh.get_group_permissions() == ModelBackend().get_group_permissions(_fresh(user))
    if who != "inactive":
        assert fresh.has_perm("patients.view_patient") == (who != "no role")


def test_roles_and_permissions_come_from_one_query(users, django_assert_num_queries):
    user = _fresh(users["two roles"])
    with django_assert_num_queries(1):
        assert user.has_perm("patients.view_patient")
        assert user.has_perm("fls.view_signoff_queue")
        assert user.role_names == {NURSE, CLINICIAN}
        assert not user.has_perm("fls.no_such_permission")


def test_roles_first_then_permissions_is_one_query_too(users, django_assert_num_queries):
    user = _fresh(users["direct"])
    with django_assert_num_queries(1):
        assert user.role_names == {NURSE}
        assert user.has_perm("fls.view_operations")
