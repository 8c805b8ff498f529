"""Home pages per role, site pages, service operations and the 500 page. Views are thin: check, select, render."""
from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import selectors
from .roles import ADMINISTRATOR, CLINICIAN, HOME_PRECEDENCE, MANAGER, NURSE

# Each role's home, by URL name. Later steps of the pathway own these pages.
ROLE_HOME_URL = {
    NURSE: "worklists:nurse",
    CLINICIAN: "worklists:clinician",
    MANAGER: "audit:dashboard",
    ADMINISTRATOR: "operations",
}


def home(request):
    roles = request.user.role_names
    for role in HOME_PRECEDENCE:
        if role in roles:
            return redirect(ROLE_HOME_URL[role])
    return render(request, "fls/no_role.html", status=403)


@permission_required("fls.view_operations", raise_exception=True)
def operations(request):
    heartbeats = list(selectors.worker_heartbeats())
    fresh_after = timezone.now() - timedelta(minutes=3)
    return render(
        request,
        "fls/operations.html",
        {
            "sites": selectors.sites_visible_to(request.user),
            "heartbeats": heartbeats,
            "fresh_after": fresh_after,
            "any_worker_alive": any(h.last_seen >= fresh_after for h in heartbeats),
        },
    )


def site_detail(request, code):
    site = selectors.site_for_user(request.user, code)
    return render(request, "fls/site_detail.html", {"site": site, "members": selectors.site_members(site)})


# Stylesheets of the app's layout, for the 500 page (base.html names the same ones).
_ERROR_PAGE_STYLESHEETS = ("vendor/bootstrap-5.3.9/css/bootstrap.min.css", "css/fls.css")


def server_error(request):
    """The 500 page (fls.urls handler500), drawn from nothing that may be what failed.

    Django's own handler renders 500.html too, but then the page could only use template tags that
    cannot fail. Here the database, the user and the context processors are never touched, and the
    stylesheets' hashed names are looked up where a missing static-file manifest (the failure that made
    every page a 500 in issue 14) can be caught: the page is then drawn without them, never replaced by
    gunicorn's bare error or a traceback.
    """
    try:
        stylesheets = [static(path) for path in _ERROR_PAGE_STYLESHEETS]
    except ValueError:  # ManifestStaticFilesStorage: "Missing staticfiles manifest entry"
        stylesheets = []
    try:
        home_url = reverse("home")
    except NoReverseMatch:
        home_url = "/"
    page = loader.render_to_string("500.html", {"stylesheets": stylesheets, "home_url": home_url})
    return HttpResponseServerError(page)
