from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefindingConfig(AppConfig):
    name = "casefinding"
    verbose_name = _("Case finding: radiology reports screened for fragility fractures")

    def ready(self):
        from patients.panels import register_form_prefill, register_triage_section

        from .panels import candidate_prefill, candidate_saved, triage_candidates

        register_triage_section(order=10, template="casefinding/_triage_candidates.html", context=triage_candidates)
        register_form_prefill(name="candidate", initial=candidate_prefill, saved=candidate_saved)
