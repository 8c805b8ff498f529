"""The two-factor step of signing in: until a session that needs a second factor has passed it, every page
leads to it.

Whether a session needs one is decided once, when the user signs in (`two_factor_session_start`, on Django's
user_logged_in signal): the rule (fls.selectors.two_factor_requirement), or their own enrolment if they have
one. Deciding it once keeps it off every request; a change of role or of a site's setting applies from the
user's next sign-in. Whether the session has passed is django-otp's (request.user.is_verified(), from
OTPMiddleware, which must come before this one); a session whose device has been deleted (an administrator's
reset) is signed out.
"""
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY

from . import selectors

# True, False, or absent for a session that began before two-factor existed (decided at its next request).
TWO_FACTOR_SESSION_KEY = "fls_two_factor_needed"

# Pages of other apps that a session on its way through the two-factor step must still reach.
_OPEN_DURING_THE_STEP = {"logout", "admin:logout"}


def two_factor_step(view):
    """Mark a view as part of the two-factor step itself: signed-in users reach it before passing it."""
    view.two_factor_step = True
    return view


def two_factor_session_start(*, request, user, **_kwargs) -> bool:
    """Record in the session whether this sign-in needs a second factor (a user_logged_in receiver)."""
    needed = selectors.two_factor_requirement(user) is not None or selectors.two_factor_has_device(user)
    request.session[TWO_FACTOR_SESSION_KEY] = needed
    return needed


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before anything asks who the user is: django-otp then forgets a device that no longer exists.
        request.two_factor_device_id = request.session.get(DEVICE_ID_SESSION_KEY)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Pages open without signing in (the login page) need no second factor either.
        if not getattr(view_func, "login_required", True) or getattr(view_func, "two_factor_step", False):
            return None
        if request.resolver_match and request.resolver_match.view_name in _OPEN_DURING_THE_STEP:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        needed = request.session.get(TWO_FACTOR_SESSION_KEY)
        if needed is None:
            needed = two_factor_session_start(request=request, user=user)
        if not needed or user.is_verified():
            return None
        if request.two_factor_device_id:
            # The device that verified this session was deleted (an administrator's reset): end the session, so
            # that enrolling a new app takes the password again, never just a session someone else may hold.
            logout(request)
            messages.warning(request, gettext("Your two-factor sign-in was reset. Sign in again to set it up."))
            return HttpResponseRedirect(reverse("login"))
        return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
