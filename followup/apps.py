from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "Follow up: schedule, contacts and reminders"

    def ready(self):
        # Earlier steps never import this app: the pathway runs the reactions registered here after its
        # moves (patients.pathway.REACTIONS; style.md, "Imports flow one way").
        from django.db.models.signals import post_save

        from assessments.models import TreatmentDecision
        from patients import pathway
        from patients.panels import register_episode_panel

        from . import reactions
        from .panels import follow_up_panel

        pathway.react("schedule follow-ups", reactions.schedule_follow_ups)
        pathway.react("close follow-ups", reactions.close_follow_ups)
        pathway.react("reopen follow-ups", reactions.reopen_follow_ups)
        post_save.connect(reactions.on_treatment_decision_saved, sender=TreatmentDecision,
                          dispatch_uid="followup.on_treatment_decision_saved")
        register_episode_panel(order=30, template="followup/_episode_panel.html", context=follow_up_panel)
