from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Japan's FLS management fee (B001-34): claims, admissions and the facility standard"

    def ready(self):
        from patients.panels import register_episode_panel

        from .panels import claims_panel

        register_episode_panel(order=40, template="claims/_episode_panel.html", context=claims_panel)
