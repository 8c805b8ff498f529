from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Investigate and treat: assessments and treatment decisions"

    def ready(self):
        from django.db.models.signals import post_save

        from patients.panels import register_episode_panel
        from patients.pathway import episode_transitioned, episodes_transitioned

        from . import signals
        from .models import Assessment, BloodResult, TreatmentDecision
        from .panels import assessment_panel

        for model in (Assessment, TreatmentDecision):
            post_save.connect(signals.on_assessment_or_decision_saved, sender=model,
                              dispatch_uid=f"assessments.episode_facts.{model.__name__}")
        post_save.connect(signals.on_blood_result_saved, sender=BloodResult,
                          dispatch_uid="assessments.blood_needs_review")
        episode_transitioned.connect(signals.on_episode_transitioned, dispatch_uid="assessments.on_episode_transitioned")
        episodes_transitioned.connect(signals.on_episodes_transitioned,
                                      dispatch_uid="assessments.on_episodes_transitioned")

        register_episode_panel(order=20, template="assessments/_episode_panel.html", context=assessment_panel)
