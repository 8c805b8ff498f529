from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FlsConfig(AppConfig):
    name = "fls"
    verbose_name = _("FLS Tracker: sites, users and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .idle_timeout import idle_clock_start
        from .languages import session_start
        from .middleware import two_factor_session_start
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="fls.sync_role_permissions")
        # Each sign-in decides whether its session must pass the two-factor step (fls.middleware)...
        user_logged_in.connect(two_factor_session_start, dispatch_uid="fls.two_factor_session_start")
        # ...and starts its session's idle clock (fls.idle_timeout).
        user_logged_in.connect(idle_clock_start, dispatch_uid="fls.idle_clock_start")
        # ...and settles the language and time zone its pages are in, and the countries of the user's sites for
        # the menu (fls.languages).
        user_logged_in.connect(session_start, dispatch_uid="fls.languages.session_start")
