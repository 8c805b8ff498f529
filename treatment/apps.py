from django.apps import AppConfig


class TreatmentConfig(AppConfig):
    name = "treatment"
    verbose_name = "Treatment courses: doses, course ends and reviews after the decision"

    def ready(self):
        from assessments import services as assessment_services

        from . import services

        assessment_services.on_signed_decision_saved("treatment course", services.course_from_decision)
