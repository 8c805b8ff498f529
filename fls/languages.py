"""Which language and time zone each page is in (issue 18).

A signed-in user reads the app in their own language (their profile setting, `User.language`), else in
their site's language (`Site.language`), else in the browser's (Accept-Language); a signed-out visitor in
the language they last chose on this browser (a cookie), else the browser's. Times are shown in the time zone
of the user's sites (`Site.timezone`) when their sites share one — a Japanese team reads 09:00 for nine in the
morning in Tokyo, and its "today" is Tokyo's —, else in the server's (settings.TIME_ZONE).

The choices are made once, at sign-in (a `user_logged_in` receiver that reads the user's sites in one query),
and kept in the session, so a page asks the database nothing more to know its language and time zone. Changing
one's language (the menu's switch) updates the session at once; a change to a site's language or time zone
reaches its users at their next sign-in.
"""
import zoneinfo

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

SESSION_KEY = "fls_language"
TIME_ZONE_KEY = "fls_time_zone"
SITE_COUNTRIES_KEY = "fls_site_countries"
SUPPORTED = {code for code, _name in settings.LANGUAGES}


def supported(code: str | None) -> str | None:
    """`code` when it is one of settings.LANGUAGES, else None."""
    return code if code in SUPPORTED else None


def _user_sites(user) -> list[tuple[str, str, str]]:
    """(language, country, time zone) of each active site `user` works at, by site name: one query."""
    from .models import Site

    return list(Site.objects.filter(memberships__user=user, is_active=True).order_by("name")
                .values_list("language", "country", "timezone"))


def language_for(user, sites: list[tuple[str, str, str]] | None = None) -> str | None:
    """The language a signed-in user reads in: their own choice, else their first site's (by name); None
    when neither is set, so the browser's applies. `sites`: `_user_sites(user)` when the caller has it."""
    own = supported(getattr(user, "language", "") or None)
    if own:
        return own
    sites = _user_sites(user) if sites is None else sites
    return supported(sites[0][0]) if sites else None


def session_start(*, request, user, **_kwargs) -> None:
    """At each sign-in (connected to `user_logged_in` in fls.apps): settle the session's language, time zone
    and the countries of the user's sites (the menu's Japanese fee claims, fls.context_processors)."""
    if request is None or not hasattr(request, "session"):
        return
    sites = _user_sites(user)
    _settle(request.session, user, sites)
    zones = {zone for _language, _country, zone in sites}
    if len(zones) == 1:
        request.session[TIME_ZONE_KEY] = zones.pop()
    else:
        request.session.pop(TIME_ZONE_KEY, None)
    request.session[SITE_COUNTRIES_KEY] = sorted({country for _language, country, _zone in sites})


def _settle(session, user, sites=None) -> str | None:
    """Keep `user`'s language in the session (or none, so the browser's applies); returns it."""
    language = language_for(user, sites)
    if language:
        session[SESSION_KEY] = language
    else:
        session.pop(SESSION_KEY, None)
    return language


def _time_zone(name: str | None):
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class LanguageMiddleware:
    """Activate the request's language and time zone (see the module's docstring); after sessions and
    authentication.

    Replaces Django's LocaleMiddleware, whose order (cookie, then Accept-Language) knows nothing of users.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only a sign-in puts the key in a session (and signing out flushes it), so the session alone says whose
        # choice applies. The user is not loaded here: django-otp would then forget a deleted device before
        # fls.middleware.TwoFactorMiddleware reads it.
        language = supported(request.session.get(SESSION_KEY)) if hasattr(request, "session") else None
        language = language or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        zone = _time_zone(request.session.get(TIME_ZONE_KEY)) if hasattr(request, "session") else None
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


@login_not_required
@require_POST
def set_language(request):
    """The menu's language switch (and the sign-in page's): POST language=<code> (or empty: "my site's
    language"), next=<path on this site>. Saved on the user's profile when signed in, and in a cookie for
    this browser either way."""
    from .models import User

    chosen = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if chosen and not supported(chosen):
        return response
    user = request.user
    if user.is_authenticated:
        User.objects.filter(pk=user.pk).update(language=chosen)
        user.language = chosen
        language = _settle(request.session, user)
    else:
        language = supported(chosen)
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            samesite="Lax", secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response

