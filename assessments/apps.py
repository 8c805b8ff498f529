from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Investigate and treat: assessments and treatment decisions")

    def ready(self):
        from patients.panels import register_episode_panel

        from .panels import assessment_panel

        register_episode_panel(order=20, template="assessments/_episode_panel.html", context=assessment_panel)
