"""Reads about sites and users. Site visibility is decided here and only here."""
from django.db.models import QuerySet
from django.http import Http404

from .models import Site, User, WorkerHeartbeat


def _active_sites_of(user) -> QuerySet[Site]:
    return Site.objects.filter(memberships__user=user, is_active=True).order_by("name", "id")


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


def visible_sites(user) -> list[Site]:
    """The active sites `user` is a member of, by name, in one query that also fills visible_site_ids'
    cache (a page that lists the sites and reads their data needs no second query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_visible_sites"):
        user._visible_sites = list(_active_sites_of(user))
        user._visible_site_ids = [site.pk for site in user._visible_sites]
    return user._visible_sites


def sites_visible_to(user) -> QuerySet[Site]:
    return Site.objects.filter(id__in=visible_site_ids(user)).order_by("name")


def site_for_user(user, code: str) -> Site:
    """The site with this code if `user` may see it; 404 otherwise (never 403: no existence leak)."""
    site = sites_visible_to(user).filter(code=code).first()
    if site is None:
        raise Http404("No such site.")
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
