"""Home pages per role, site pages, service operations, the two-factor step of signing in and the 500 page.
Views are thin: check, select, render."""
import base64
import math
from datetime import timedelta

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from . import selectors, services
from .forms import TwoFactorCodeForm
from .idle_timeout import idle_clock_restart, idle_seconds_left
from .links import return_path
from .middleware import TWO_FACTOR_SESSION_KEY, two_factor_step
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
            "sites": selectors.visible_sites(request.user),
            "heartbeats": heartbeats,
            "fresh_after": fresh_after,
            "any_worker_alive": any(h.last_seen >= fresh_after for h in heartbeats),
        },
    )


def site_detail(request, code):
    site = selectors.site_for_user(request.user, code)
    return render(request, "fls/site_detail.html", {"site": site, "members": selectors.site_members(site)})


def sign_in_locked_out(request, original_response=None, credentials=None):
    """What django-axes answers a sign-in while its username or address is locked out (AXES_LOCKOUT_CALLABLE):
    the app's own page, 429 Too Many Requests, and the same words whether the username exists or not."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# --- Two-factor sign-in ---------------------------------------------------------------------------------------
# Backup codes are shown once: put in the session by the write that made them, taken out by the page showing them.
_NEW_BACKUP_CODES = "fls_new_backup_codes"


def _next_page(request) -> str:
    """Where the two-factor step returns to: the page the user was going to, if it is one of ours."""
    return return_path(request, request.POST.get("next") or request.GET.get("next") or "", reverse("home"))


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_page(request)})}"


def _qr_code_svg(device) -> str:
    """The app's set-up link as an inline SVG QR code: drawn here, nothing sent to any other service."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff",
                                                               title=gettext("QR code to scan with your app"))


@two_factor_step
def two_factor_verify(request):
    """'Enter the 6-digit code': the second step of signing in for a user who has an authenticator app."""
    if request.user.is_verified() or not request.session.get(TWO_FACTOR_SESSION_KEY):
        return HttpResponseRedirect(_next_page(request))
    if selectors.two_factor_app_device(request.user) is None:
        return HttpResponseRedirect(_with_next("two_factor_enrol", request))
    form = TwoFactorCodeForm(request.POST or None, backup_codes=True)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = selectors.two_factor_backup_codes_left(request.user)
                messages.warning(request, ngettext(
                    "You signed in with a backup code; %(left)d is left. Make new ones from your two-factor page.",
                    "You signed in with a backup code; %(left)d are left. Make new ones from your two-factor page.",
                    left) % {"left": left})
            return HttpResponseRedirect(_next_page(request))
    return render(request, "fls/two_factor_verify.html",
                  {"form": form, "next": _next_page(request), "in_two_factor_step": True})


@two_factor_step
def two_factor_enrol(request):
    """Set up an authenticator app: its QR code and secret, confirmed with a code it shows.

    Open to a user with no app yet (their first sign-in after two-factor became required, or after a reset),
    and to a verified session replacing its app; never to a session that has not passed a confirmed app,
    or the password alone would be enough to enrol a new one.
    """
    user = request.user
    if not user.is_verified() and selectors.two_factor_app_device(user) is not None:
        return HttpResponseRedirect(_with_next("two_factor_verify", request))
    device = services.two_factor_enrolment_start(user=user)
    form = TwoFactorCodeForm(request.POST or None, backup_codes=False)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.two_factor_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            django_otp.login(request, device)
            # From now on this user is asked for a code at each sign-in, required or not.
            request.session[TWO_FACTOR_SESSION_KEY] = True
            request.session[_NEW_BACKUP_CODES] = codes
            return HttpResponseRedirect(_with_next("two_factor_backup_codes", request))
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "fls/two_factor_enrol.html", {
        "form": form,
        "next": _next_page(request),
        "qr_code": mark_safe(_qr_code_svg(device)),  # segno's own markup: no user input in it but the username
        # In groups of four, as authenticator apps show it and as it is easiest to type.
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "requirement": selectors.two_factor_requirement(user),
        "replacing": user.is_verified(),
        "in_two_factor_step": not user.is_verified(),
    })


def two_factor_backup_codes(request):
    """New backup codes, shown once (GET, after they were made); POST makes new ones."""
    if request.method == "POST":
        if selectors.two_factor_app_device(request.user) is None:
            messages.error(request, gettext("Set up an authenticator app first."))
            return redirect("two_factor_status")
        request.session[_NEW_BACKUP_CODES] = services.two_factor_backup_codes_replace(user=request.user)
        return HttpResponseRedirect(_with_next("two_factor_backup_codes", request))
    codes = request.session.pop(_NEW_BACKUP_CODES, None)
    if not codes:
        messages.info(request, gettext("Backup codes are shown only once. Make new ones if you have lost them."))
        return redirect("two_factor_status")
    return render(request, "fls/two_factor_backup_codes.html", {"codes": codes, "next": _next_page(request)})


def two_factor_status(request):
    """The user's own two-factor page (menu under their name): enrolled or not, and their backup codes."""
    user = request.user
    app = selectors.two_factor_app_device(user)
    return render(request, "fls/two_factor_status.html", {
        "app": app,
        "requirement": selectors.two_factor_requirement(user),
        "backup_codes_left": selectors.two_factor_backup_codes_left(user),
    })


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


# Part of the two-factor step too: the warning's timer runs on the two-factor page, where a redirect to that
# step would read as a sign-out.
@two_factor_step
@require_http_methods(["GET", "POST"])
def session_status(request):
    """The idle timeout's keep-alive, for static/js/idle-timeout.js. GET: how long this session has left
    (the middleware does not count it as activity); POST: "Stay signed in", which restarts the clock.
    The request that finds the session idle is answered 401 by the middleware; a signed-out one is
    sent to the login page like any other."""
    if request.method == "POST":
        idle_clock_restart(request)
    return JsonResponse({"signed_in": True, "seconds_left": int(idle_seconds_left(request))})
