from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentConfig(AppConfig):
    name = "treatment"
    verbose_name = _("Treatment courses: doses, course ends and reviews after the decision")

    def ready(self):
        from assessments import services as assessment_services
        from patients.panels import register_episode_panel

        from . import services
        from .panels import treatment_panel

        assessment_services.on_signed_decision_saved("treatment course", services.course_from_decision)
        register_episode_panel(order=25, template="treatment/_episode_panel.html", context=treatment_panel)
