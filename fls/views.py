"""Home pages per role, site pages and service operations. Views are thin: check, select, render."""
from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import selectors
from .idle_timeout import idle_clock_restart, idle_seconds_left
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


@require_http_methods(["GET", "POST"])
def session_status(request):
    """The idle timeout's keep-alive, for static/js/idle-timeout.js. GET: how long this session has left
    (the middleware does not count it as activity); POST: "Stay signed in", which restarts the clock.
    The request that finds the session idle is answered 401 by the middleware; a signed-out one is
    sent to the login page like any other."""
    if request.method == "POST":
        idle_clock_restart(request)
    return JsonResponse({"signed_in": True, "seconds_left": int(idle_seconds_left(request))})
