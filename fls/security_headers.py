"""Response headers that keep patient data out of caches and other sites (README, "Security").

They apply in every profile (not only production), so the tests and the browser journeys see exactly
what a hospital's browsers see. The Content-Security-Policy itself comes from django-csp
(settings.CONTENT_SECURITY_POLICY); Referrer-Policy and X-Content-Type-Options from Django's
SecurityMiddleware (settings.SECURE_REFERRER_POLICY, SECURE_CONTENT_TYPE_NOSNIFF).
"""
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers

# Files a browser or a proxy may keep whatever the request: they hold no patient data.
PRIVATE_CONTENT_TYPES = ("text/csv", "application/pdf")


class SecurityHeadersMiddleware:
    """`Cache-Control: no-store` on whatever may show patient data, and the Permissions-Policy.

    The rule is deliberately blunt, so no page can be forgotten: every response to a signed-in
    user (static files excepted: WhiteNoise answers them before this runs), every export (CSV, PDF
    or an attachment), and the login page, whose form must not come back from the cache after a
    sign-out on a shared ward computer. Nothing of a signed-in user's is then kept on disk by the
    browser, nor shown again by the back button after the next person sits down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the view runs: the logout view signs the user out on its way. From the session, not
        # request.user: loading the user here would run django-otp's device check before TwoFactorMiddleware
        # reads the session it checks.
        was_signed_in = _has_signed_in_session(request)
        response = self.get_response(request)
        if self._may_show_patient_data(request, response, was_signed_in):
            add_never_cache_headers(response)  # no-store, no-cache, must-revalidate, private, max-age=0
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response

    @staticmethod
    def _may_show_patient_data(request, response, was_signed_in) -> bool:
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return False
        if was_signed_in or _has_signed_in_session(request):
            return True
        if request.path == resolve_url(settings.LOGIN_URL):
            return True
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        return content_type in PRIVATE_CONTENT_TYPES or "attachment" in response.get("Content-Disposition", "")


def _has_signed_in_session(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and SESSION_KEY in session
