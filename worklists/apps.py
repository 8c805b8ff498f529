from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistsConfig(AppConfig):
    name = "worklists"
    verbose_name = _("Worklists")

    def ready(self):
        # The episode page shows the "ask a clinician" panel without patients importing worklists.
        from patients.panels import register_episode_panel

        from .panels import clinical_advice_panel

        register_episode_panel(order=90, template="worklists/_advice_panel.html", context=clinical_advice_panel)

        # The worklists' read model follows every change the services announce (fls.read_models).
        from fls.read_models import register

        from .read_model import worklist_refresh

        register(worklist_refresh)
