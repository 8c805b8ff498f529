"""The per-episode audit dataset, as a CSV in the national audit's field order.

The RCP FLS-DB dataset specification and analysis plan were not available
(docs/clinical-rules.md#the-11-fls-db-kpis), so this order follows the FLS-DB's sections as the reference describes the
pathway: patient, fracture and identification, assessment (timing, falls, DXA), treatment, then
follow-up (strength and balance, 12-16 week contact, 52-week adherence). The field order is the list
below and is documented in README.md; change it here only.
"""
from datetime import timedelta

from django.db.models import OuterRef, Subquery

from followup.models import FollowUpContact, FollowUpKind

from .kpis import WEEKS_12, WEEKS_16, audit_records

# (CSV header, values() key)
DATASET_FIELDS = [
    ("nhs_number", "patient__national_id"),
    ("hospital_number", "patient__local_id"),
    ("date_of_birth", "patient__date_of_birth"),
    ("sex", "patient__sex"),
    ("postcode", "patient__postcode"),
    ("gp_practice_code", "patient__gp_practice_code"),
    ("residence", "patient__residence"),
    ("site_code", "site__code"),
    ("fracture_date", "fracture_date"),
    ("fracture_site", "fracture_site"),
    ("side", "side"),
    ("mechanism", "mechanism"),
    ("identified_on", "identified_on"),
    ("source", "source"),
    ("previous_fractures_since_50", "previous_fracture_count"),
    ("assessment_date", "assessment__assessed_on"),
    ("falls_assessment", "assessment__falls_assessment"),
    ("dxa_requested_on", "assessment__dxa_requested_on"),
    ("dxa_performed_on", "assessment__dxa_performed_on"),
    ("t_score_lumbar_spine", "assessment__t_score_lumbar_spine"),
    ("t_score_total_hip", "assessment__t_score_total_hip"),
    ("t_score_femoral_neck", "assessment__t_score_femoral_neck"),
    ("treatment_recommended", "treatment_decision__recommendation"),
    ("treatment_status", "treatment_decision__status"),
    ("treatment_started_on", "treatment_decision__started_on"),
    ("strength_balance_started_on", "strength_balance_started_on"),
    ("contact_12_16_weeks_on", "contact_12_16_weeks_on"),
    ("adherence_52_weeks", "adherence_52_weeks"),
    ("date_of_death", "patient__date_of_death"),
    ("episode_state", "state"),
]
DATASET_HEADER = [header for header, _key in DATASET_FIELDS]


def _contacts():
    return FollowUpContact.objects.filter(follow_up__episode=OuterRef("pk"))


def dataset_rows(*, sites, date_from, date_to):
    """One dict per audit record (the KPI module's definition of a record), in one query, keyed by the header
    and also by patient_id and site_id."""
    rows = (
        audit_records([s.pk for s in sites], date_from, date_to)
        .annotate(
            strength_balance_started_on=Subquery(
                _contacts().filter(strength_balance_started_on__isnull=False)
                .order_by("strength_balance_started_on").values("strength_balance_started_on")[:1]),
            # FLS-DB KPI 9: contact 12-16 weeks after the fracture
            contact_12_16_weeks_on=Subquery(
                _contacts().filter(reached=True,
                                   contacted_on__gte=OuterRef("fracture_date") + timedelta(days=WEEKS_12),
                                   contacted_on__lte=OuterRef("fracture_date") + timedelta(days=WEEKS_16))
                .order_by("contacted_on").values("contacted_on")[:1]),
            adherence_52_weeks=Subquery(
                _contacts().filter(follow_up__kind=FollowUpKind.WEEK_52, reached=True).exclude(adherence="")
                .order_by("-contacted_on", "-id").values("adherence")[:1]),
        )
        .order_by("fracture_date", "id")
        .values("patient_id", "site_id", *[key for _header, key in DATASET_FIELDS])
    )
    for row in rows.iterator(chunk_size=2000):
        # The ids go with each row (not into the file) so the export can log whose record it shows.
        yield {"patient_id": row["patient_id"], "site_id": row["site_id"],
               **{header: row[key] for header, key in DATASET_FIELDS}}
