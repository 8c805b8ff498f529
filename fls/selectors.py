"""Reads about sites and users. Site visibility is decided here and only here, and who must use two-factor."""
import django_otp
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .dates import activate_date_entry
from .models import Site, User, WorkerHeartbeat
from .roles import ADMINISTRATOR, CLINICIAN, MANAGER, NURSE


def _active_sites_of(user) -> QuerySet[Site]:
    # The identifier scheme comes in the same query: pages name the sites' national numbers (patients.identifiers).
    return (Site.objects.filter(memberships__user=user, is_active=True).select_related("identifier_scheme")
            .order_by("name", "id"))


def visible_site_ids(user) -> list[int]:
    """Ids of the active sites `user` is a member of. Cached on the user for the request.

    Every selector that returns clinical data filters by these ids, so a user only ever sees
    data of their own sites, whatever their role (superusers included).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_visible_site_ids"):
        user._visible_site_ids = list(_active_sites_of(user).values_list("id", flat=True))
    return user._visible_site_ids


def visible_sites(user) -> QuerySet[Site]:
    """The active sites `user` is a member of, by name. Evaluated at once, in one query that also fills
    visible_site_ids' cache, and cached on the user for the request: a page that lists the sites, counts
    them and reads their data asks once. Filtering it further is a new query, as with any QuerySet."""
    if not getattr(user, "is_authenticated", False):
        return Site.objects.none()
    if not hasattr(user, "_visible_sites"):
        sites = _active_sites_of(user)
        user._visible_site_ids = [site.pk for site in sites]  # evaluates the QuerySet, which keeps its rows
        user._visible_sites = sites
    return user._visible_sites


def site_for_user(user, code: str) -> Site:
    """The site with this code if `user` may see it; 404 otherwise (never 403: no existence leak)."""
    site = next((site for site in visible_sites(user) if site.code == code), None)
    if site is None:
        raise Http404("No such site.")
    activate_date_entry(site.country)  # its settings' dates are typed as its country types them
    return site


def site_members(site: Site) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__site=site, is_active=True)
        .prefetch_related("groups")
        .order_by("last_name", "first_name")
        .distinct()
    )


def worker_heartbeats() -> QuerySet[WorkerHeartbeat]:
    return WorkerHeartbeat.objects.order_by("-last_seen")


# --- Two-factor sign-in -------------------------------------------------------------------------


def two_factor_requirement(user) -> str | None:
    """Why `user` must sign in with a second factor, in words for their two-factor page; None if they need not.

    The one place that says who must: administrators (and anyone who can open Django's admin) always;
    clinicians and managers unless FLS_TWO_FACTOR_FOR_CLINICIANS_AND_MANAGERS is false; liaison nurses of a
    site that asks for it (any one of their sites is enough: the strictest applies). Nobody in `make run`'s
    demo (FLS_DEMO_TWO_FACTOR_EXEMPT, which production refuses). Whoever has enrolled of their own accord is
    asked for a code too, but that is a fact about their devices, not this rule (fls.services).
    """
    if not getattr(user, "is_authenticated", False) or settings.FLS_DEMO_TWO_FACTOR_EXEMPT:
        return None
    roles = user.role_names
    if ADMINISTRATOR in roles or user.is_staff or user.is_superuser:
        return gettext("Administrators always sign in with two-factor authentication.")
    if settings.FLS_TWO_FACTOR_FOR_CLINICIANS_AND_MANAGERS and roles & {CLINICIAN, MANAGER}:
        return gettext("Clinicians and managers sign in with two-factor authentication.")
    if NURSE in roles:
        asking = [site.name for site in visible_sites(user) if site.nurses_require_two_factor]
        if asking:
            return gettext("%(sites)s asks its liaison nurses to sign in with two-factor authentication.") % {
                "sites": ", ".join(asking)}
    return None


def two_factor_app_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator app (a TOTP device): the confirmed one, or the one being enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-id").first()


def two_factor_has_device(user) -> bool:
    """Whether the user has enrolled (any confirmed device, an app or backup codes)."""
    return django_otp.user_has_device(user, confirmed=True)


def two_factor_backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
