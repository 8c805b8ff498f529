"""Who may do what: Django's ModelBackend, with a signed-in user's roles and permissions read in ONE query.

Every page checks a permission (the view's decorator), draws the navigation from the user's permissions, and
labels the user's roles (fls.context_processors.navigation). Django's ModelBackend reads the user's own
permissions and their groups' permissions in two queries, and the roles would be a third; all three are the
same few rows of the user's groups, so here they come from one query, cached on the user for the request
exactly where ModelBackend caches them. The rules are ModelBackend's: an inactive user has no permission, a
superuser has them all.
"""
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value


def load_roles_and_permissions(user) -> None:
    """Fill `user._role_names` and ModelBackend's permission caches from one query (two for a superuser)."""
    roles, group_perms, user_perms = set(), set(), set()
    # No ordering (Permission's Meta has one): SQLite allows none inside a UNION.
    by_group = Group.objects.filter(user=user).order_by().values_list(
        "name", "permissions__content_type__app_label", "permissions__codename")
    own = Permission.objects.filter(user=user).order_by().values_list(
        Value(None, output_field=CharField()), "content_type__app_label", "codename")
    for role, app_label, codename in by_group.union(own, all=True):
        if role is not None:
            roles.add(role)
        if codename is not None:
            (group_perms if role is not None else user_perms).add(f"{app_label}.{codename}")
    if user.is_superuser:
        every = {f"{a}.{c}" for a, c in Permission.objects.values_list("content_type__app_label", "codename")}
        group_perms = user_perms = every
    user._role_names = roles
    user._user_perm_cache, user._group_perm_cache = user_perms, group_perms
    user._perm_cache = user_perms | group_perms


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            load_roles_and_permissions(user_obj)
        return user_obj._perm_cache
