from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow up: schedule, contacts and reminders"

    def ready(self):
        # Earlier steps never import this app: the pathway announces its moves and we listen
        # (style.md, "Imports flow one way").
        from django.db.models.signals import post_save

        from assessments.models import TreatmentDecision
        from patients.panels import register_episode_panel
        from patients.pathway import episode_transitioned, episodes_transitioned

        from . import signals
        from .panels import follow_up_panel

        episode_transitioned.connect(signals.on_episode_transitioned, dispatch_uid="followup.on_episode_transitioned")
        episodes_transitioned.connect(signals.on_episodes_transitioned, dispatch_uid="followup.on_episodes_transitioned")
        post_save.connect(signals.on_treatment_decision_saved, sender=TreatmentDecision,
                          dispatch_uid="followup.on_treatment_decision_saved")
        register_episode_panel(order=30, template="followup/_episode_panel.html", context=follow_up_panel)
