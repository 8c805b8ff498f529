"""Who may do what: Django's ModelBackend, with a signed-in user's roles and permissions read in ONE query.

Every page checks a permission (the view's decorator), draws the navigation from the user's permissions, and
labels the user's roles (fls.context_processors.navigation). Django's ModelBackend reads the user's own
permissions and their groups' permissions in two queries, and the roles would be a third; all three are the
same few rows of the user's groups, so here they come from one query, cached on the user for the request
exactly where ModelBackend caches them. The rules are ModelBackend's: an inactive user has no permission, a
superuser has them all.

Also here: the client address that login throttling counts by (client_ip_address).
"""
from django.conf import settings
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


def client_ip_address(request) -> str | None:
    """The address a sign-in came from, which login throttling (django-axes) counts failures by.

    Directly served, it is REMOTE_ADDR. Behind FLS_TRUSTED_PROXY_COUNT proxies, each of which appends the
    address it was reached from to X-Forwarded-For, it is that many entries from the right: entries further
    left were written by the client and can say anything, so trusting them would let an attacker pick a new
    address for every guess. (django-ipware, which axes would otherwise use, is not installed.)
    """
    proxies = settings.FLS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
