from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FlsConfig(AppConfig):
    name = "fls"
    verbose_name = "FLS Tracker: sites, users and roles"

    def ready(self):
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="fls.sync_role_permissions")
