"""The two-factor step of signing in: until a session that needs a second factor has passed it, every page
leads to it.

Whether a session needs one is decided once, when the user signs in (`two_factor_session_start`, on Django's
user_logged_in signal): the rule (fls.selectors.two_factor_requirement), or their own enrolment if they have
one. Deciding it once keeps it off every request; a change of role or of a site's setting applies from the
user's next sign-in. Whether the session has passed is django-otp's (request.user.is_verified(), from
OTPMiddleware, which must come before this one), and stops being true as soon as the device that verified it
is deleted (an administrator's reset).
"""
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

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
        return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
