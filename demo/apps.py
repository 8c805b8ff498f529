from django.apps import AppConfig


class DemoConfig(AppConfig):
    # Last in INSTALLED_APPS: seeding the demo calls every pathway step's own demo module, and only
    # the last app may import them all (style.md, "Imports flow one way").
    name = "demo"
    verbose_name = "Demo data"
