"""The idle timeout of a signed-in session (README, "Security"): signed out on the server after
SESSION_IDLE_TIMEOUT_MINUTES without a request, warned before by static/js/idle-timeout.js.
"""
import secrets
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


LAST_ACTIVITY_KEY = "fls_last_activity"
SIGN_IN_KEY = "fls_sign_in"
# The session is written again only when this much time has passed since the activity it holds,
# so a busy user's requests do not each cost a session write (a 30-minute timeout: once a minute).
ACTIVITY_RESOLUTION_SECONDS = 60
# Sent on every signed-in response, so the page's timer (static/js/idle-timeout.js) follows the server.
SECONDS_LEFT_HEADER = "X-Idle-Seconds-Left"


def idle_timeout_seconds() -> float:
    return float(settings.SESSION_IDLE_TIMEOUT_MINUTES) * 60


def idle_warning_seconds() -> float:
    """How long before the end the warning shows (never before the page has been open at all)."""
    return max(0.0, min(float(settings.SESSION_IDLE_WARNING_SECONDS), idle_timeout_seconds()))


def idle_seconds_left(request) -> float:
    """Seconds before this session is signed out for want of activity (the full timeout if unknown)."""
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return idle_timeout_seconds()
    return max(0.0, idle_timeout_seconds() - (time.time() - last))


def describe_duration(seconds: float) -> str:
    """'30 minutes', '2 minutes', '1 minute', or in seconds below a minute (tests use short timeouts)."""
    whole = round(seconds)
    if whole >= 60 and whole % 60 == 0:
        minutes = whole // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", whole) % {"count": whole}


def idle_clock_restart(request) -> None:
    request.session[LAST_ACTIVITY_KEY] = time.time()


def idle_clock_start(sender, request, user, **kwargs):
    """At each sign-in (connected to `user_logged_in` in fls.apps): starts the idle clock, so the first
    page after it is not a session write of its own and no clock is carried over from before; and names
    the sign-in, so the page can tell typing kept under an earlier sign-in (to put back) from its own."""
    if request is not None and hasattr(request, "session"):
        idle_clock_restart(request)
        request.session[SIGN_IN_KEY] = secrets.token_urlsafe(12)


def session_status_path() -> str:
    return reverse("session_status")


class IdleTimeoutMiddleware:
    """Signs out a session left idle longer than SESSION_IDLE_TIMEOUT_MINUTES, on its next request.

    Shared ward computers are left signed in; the timeout is enforced here, on the server, whatever
    the page's script does. The user lands on the login page with a message saying why, and `next`
    brings them back to the page they were on. Every request counts as activity except a GET of the
    session status (the page's timer asking how long is left must not itself keep the session alive).
    Must come after the session, authentication and messages middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # From the session, not request.user, which the views load (with its roles) in their own time.
        if SESSION_KEY not in request.session:
            return self.get_response(request)
        now = time.time()
        last = request.session.get(LAST_ACTIVITY_KEY)
        if last is not None and now - last > idle_timeout_seconds():
            return self._sign_out(request)
        is_status_check = request.method == "GET" and request.path == session_status_path()
        resolution = min(ACTIVITY_RESOLUTION_SECONDS, idle_timeout_seconds() / 30)
        if last is None or (not is_status_check and now - last >= resolution):
            idle_clock_restart(request)
        response = self.get_response(request)
        if SESSION_KEY in request.session and LAST_ACTIVITY_KEY in request.session:
            response[SECONDS_LEFT_HEADER] = str(int(idle_seconds_left(request)))
        return response

    def _sign_out(self, request):
        back_to = _page_the_user_was_on(request)
        logout(request)
        messages.info(request, _(
            "You were signed out because FLS Tracker was not used for %(duration)s, to protect patient data "
            "on shared computers. Sign in again to carry on where you were."
        ) % {"duration": describe_duration(idle_timeout_seconds())})
        if request.path == session_status_path():
            # The page's timer asked: it reloads the page itself, after saving what was typed.
            return HttpResponse(status=401)
        login = redirect_to_login(back_to or resolve_url(settings.LOGIN_REDIRECT_URL))
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment of the old page; send the whole page there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login["Location"]
            return response
        return login


def _page_the_user_was_on(request) -> str | None:
    """The page to come back to after signing in again: never a POST's target, which a GET cannot
    repeat, but the page whose form was sent; only a path on this site."""
    if request.headers.get("HX-Request"):
        candidate = request.headers.get("HX-Current-URL", "")
    elif request.method == "GET":
        return request.get_full_path()
    else:
        candidate = request.headers.get("Referer", "")
    if not candidate or not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(candidate)
    return parts.path + (f"?{parts.query}" if parts.query else "")
