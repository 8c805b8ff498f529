from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Follow up: schedule, contacts and reminders")

    def ready(self):
        # Earlier steps never import this app: the pathway runs the reactions registered here after its
        # moves (patients.pathway.REACTIONS; style.md, "Imports flow one way").
        from assessments import services as assessment_services
        from assessments.letters import register_planned_contacts
        from patients import pathway
        from patients.panels import register_episode_panel

        from . import reactions
        from .panels import follow_up_panel
        from .selectors import planned_contacts

        pathway.react("schedule follow-ups", reactions.schedule_follow_ups)
        pathway.react("close follow-ups", reactions.close_follow_ups)
        pathway.react("reopen follow-ups", reactions.reopen_follow_ups)
        assessment_services.on_treatment_started("follow-up windows", reactions.treatment_started)
        register_episode_panel(order=30, template="followup/_episode_panel.html", context=follow_up_panel)
        register_planned_contacts(planned_contacts)
