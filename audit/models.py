"""Per-site audit settings: which audit standard the site reports to, and its estimated caseload.

Kept here rather than on fls.Site so that earlier apps never depend on reporting (style.md,
"Imports flow one way").
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fls.models import Site


class AuditStandard(models.TextChoices):
    # docs/clinical-rules.md#audit-standard-90-days-or-12-weeks: UK FLS-DB counts 90-day windows; the international
    # set (Javaid et al., Osteoporos Int 2020;31:1193) counts 12 weeks for assessment and DXA.
    UK_FLS_DB = "uk_fls_db", _("UK FLS-DB (90-day windows)")
    IOF = "iof", _("International IOF/NOF/FFN (12-week windows)")


def default_standard() -> str:
    return getattr(settings, "FLS_AUDIT_STANDARD", AuditStandard.UK_FLS_DB)


class AuditSettings(models.Model):
    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="audit_settings", verbose_name=_("site"))
    standard = models.CharField(
        _("audit standard"), max_length=20, choices=AuditStandard.choices, default=default_standard,
        help_text=_("Which national audit's time windows this site's KPIs use."),
    )
    estimated_annual_caseload = models.PositiveIntegerField(
        _("estimated annual fragility-fracture caseload"), null=True, blank=True,
        help_text=_("FLS-DB KPI 2 (identification) divides the records entered by this local estimate."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("audit settings")
        verbose_name_plural = _("audit settings")
        permissions = [
            ("drill_down", _("Can see the episodes behind an audit KPI")),
            ("view_access_report", _("Can see who viewed or exported patients' records (the access report)")),
        ]

    def __str__(self):
        return _("Audit settings for %(site)s") % {"site": self.site}



class KpiDailyCounts(models.Model):
    """The KPI counts of one site's audit records with a fracture on one day, refreshed by Celery
    (audit.tasks.refresh_kpi_summaries) so a year's KPIs are a sum over at most 365 rows a site.

    The counts are made by the same expressions as the live query (audit.kpis), without the "due by"
    condition of KPIs 8-11, which the read applies to these rows by their date.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    fracture_date = models.DateField()
    counts = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "fracture_date"], name="one_kpi_count_per_site_and_day")]
