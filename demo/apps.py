from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    # Last in INSTALLED_APPS: seeding the demo calls every pathway step's own demo module, and only
    # the last app may import them all (style.md, "Imports flow one way").
    name = "demo"
    verbose_name = _("Demo data")
