from .roles import ADMINISTRATOR, CLINICIAN, MANAGER, NURSE


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
        "role_label": ", ".join(sorted(roles)) or "No role",
    }
