from django.utils.translation import gettext

from .idle_timeout import SIGN_IN_KEY, describe_duration, idle_seconds_left, idle_warning_seconds
from .languages import SITE_COUNTRIES_KEY
from .roles import ADMINISTRATOR, CLINICIAN, MANAGER, NURSE, role_label


def navigation(request):
    """Role flags for the navigation bar. No queries for anonymous users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user.role_names
    return {
        "is_nurse": NURSE in roles,
        "is_clinician": CLINICIAN in roles,
        "is_manager": MANAGER in roles,
        "is_administrator": ADMINISTRATOR in roles,
        # Japan's FLS management fee pages, for those who work at a site in Japan (or administer every site).
        "has_japanese_site": "JP" in request.session.get(SITE_COUNTRIES_KEY, ()) or user.is_superuser,
        "role_label": ", ".join(role_label(role) for role in sorted(roles)) or gettext("No role"),
    }


def idle_timeout(request):
    """What the idle-timeout warning (templates/base.html, static/js/idle-timeout.js) needs to know."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    return {
        "idle_timeout": {
            "seconds_left": int(idle_seconds_left(request)),
            "warning_seconds": int(idle_warning_seconds()),
            "warning_in_words": describe_duration(idle_warning_seconds()),
            "sign_in": request.session.get(SIGN_IN_KEY, ""),
        }
    }
