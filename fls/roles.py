"""The four roles, as Django groups, and what each may do.

The groups are created by a migration (fls/migrations/0002_roles.py); the permission sets below are
applied after every `migrate` (see FlsConfig.ready), so a later app's permissions join its role as
soon as that app's tables exist. This mapping is the one place that says who may do what.
"""
from django.utils.translation import pgettext_lazy

# The groups' names, as stored in the database: never translated here (they are looked up by name).
NURSE = "Liaison nurse"
CLINICIAN = "Clinician"
MANAGER = "Manager"
ADMINISTRATOR = "Administrator"

ALL_ROLES = (NURSE, CLINICIAN, MANAGER, ADMINISTRATOR)

# How each role is named on a page, in the user's language (templates: {% translate group.name context "role" %}
# finds the same messages).
ROLE_LABELS = {
    NURSE: pgettext_lazy("role", "Liaison nurse"),
    CLINICIAN: pgettext_lazy("role", "Clinician"),
    MANAGER: pgettext_lazy("role", "Manager"),
    ADMINISTRATOR: pgettext_lazy("role", "Administrator"),
}


def role_label(name: str) -> str:
    """A role (group) name as a page shows it: translated if it is one of the four roles, else as stored."""
    label = ROLE_LABELS.get(name)
    return str(label) if label is not None else name

# Which home page a user lands on: the first of their roles in this order.
HOME_PRECEDENCE = (NURSE, CLINICIAN, MANAGER, ADMINISTRATOR)

_SEE_PATIENTS = [
    "patients.view_patient",
    "patients.view_fractureepisode",
]
# Investigate and decide treatment (assessments app). Signing a decision off is the clinician's alone.
_SEE_ASSESSMENTS = [
    "assessments.view_assessment",
    "assessments.view_bloodresult",
    "assessments.view_treatmentdecision",
    "assessments.view_lettersent",
    "assessments.view_vertebralfracture",
    "assessments.view_warningacknowledgement",
    "assessments.view_decisionsupportsettings",
    "assessments.view_fraxinterventionthreshold",
]
_RECORD_ASSESSMENTS = [
    "assessments.add_assessment",
    "assessments.change_assessment",
    "assessments.add_bloodresult",
    "assessments.change_bloodresult",
    "assessments.add_treatmentdecision",
    "assessments.change_treatmentdecision",
    "assessments.add_lettersent",
    "assessments.add_vertebralfracture",
    "assessments.change_vertebralfracture",
]
# Case finding (casefinding app): screen radiology reports, review what the screen suggests.
_SCREEN_REPORTS = [
    "casefinding.upload_reports",
    "casefinding.view_radiologyreport",
]
_REVIEW_CANDIDATES = [
    "casefinding.review_candidates",
]
# Follow up (followup app): the schedule, contacts and the patient reminder letters.
_SEE_FOLLOW_UPS = [
    "followup.view_followup",
    "followup.view_followupcontact",
    "followup.view_patientreminderletter",
]
_RECORD_FOLLOW_UPS = [
    "followup.add_followupcontact",
    "followup.change_followup",
]
# Treatment after the decision (treatment app): courses, doses given, reviews, stops and switches.
_SEE_TREATMENT = [
    "treatment.view_treatmentcourse",
    "treatment.view_dosegiven",
    "treatment.view_coursereview",
]
_RECORD_TREATMENT = [
    "treatment.add_dosegiven",
    "treatment.change_dosegiven",
    "treatment.change_treatmentcourse",
    "treatment.add_coursereview",
]
# Japan's FLS management fee (claims app): the admissions and the time of the fracture a claim needs.
_SEE_CLAIM_FACTS = [
    "claims.view_admission",
    "claims.view_fracturetime",
    "claims.view_facilitystandard",
]
_RECORD_CLAIM_FACTS = [
    "claims.add_admission",
    "claims.change_admission",
    "claims.add_fracturetime",
    "claims.change_fracturetime",
]
_LOG_PATIENTS = [
    "patients.add_patient",
    "patients.change_patient",
    "patients.add_fractureepisode",
    "patients.change_fractureepisode",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    NURSE: [
        "fls.view_nurse_worklist",
        *_SEE_PATIENTS,
        *_LOG_PATIENTS,
        "patients.import_patients",
        *_SEE_ASSESSMENTS,
        *_RECORD_ASSESSMENTS,
        *_SCREEN_REPORTS,
        *_REVIEW_CANDIDATES,
        *_SEE_FOLLOW_UPS,
        *_RECORD_FOLLOW_UPS,
        *_SEE_TREATMENT,
        *_RECORD_TREATMENT,
        *_SEE_CLAIM_FACTS,
        *_RECORD_CLAIM_FACTS,
    ],
    CLINICIAN: [
        "fls.view_signoff_queue",
        *_SEE_PATIENTS,
        *_LOG_PATIENTS,
        "patients.override_eligibility",
        *_SEE_ASSESSMENTS,
        *_RECORD_ASSESSMENTS,
        "assessments.sign_off_treatment",
        *_SEE_FOLLOW_UPS,
        *_RECORD_FOLLOW_UPS,
        *_SEE_TREATMENT,
        *_RECORD_TREATMENT,
        *_SEE_CLAIM_FACTS,
        *_RECORD_CLAIM_FACTS,
        # The monthly FLS management fee claims of their sites in Japan (claims app).
        "claims.view_claims",
        # The episodes behind an audit KPI (audit app); also needs patients.view_patient.
        "audit.drill_down",
    ],
    MANAGER: [
        "fls.view_dashboard",
        "fls.view_operations",
        # Managers here may see patients, so they may open the episodes behind a KPI. A manager role
        # without patients.view_patient sees the aggregates only, whatever this says.
        "audit.drill_down",
        *_SEE_PATIENTS,
        *_SEE_ASSESSMENTS,
        "patients.import_patients",
        *_SCREEN_REPORTS,
        *_SEE_FOLLOW_UPS,
        *_SEE_TREATMENT,
        # Who saw which patient's record, at the manager's sites (audit app).
        "audit.view_access_report",
        # The monthly FLS management fee claims, and the facility standard they keep (claims app).
        *_SEE_CLAIM_FACTS,
        "claims.view_claims",
        "claims.add_facilitystandard",
        "claims.change_facilitystandard",
    ],
    ADMINISTRATOR: [
        "fls.view_operations",
        "audit.view_access_report",
        "fls.view_site",
        "fls.change_site",
        # National patient numbers as data (patients.IdentifierScheme), each site's chosen on the site.
        "patients.view_identifierscheme",
        "patients.add_identifierscheme",
        "patients.change_identifierscheme",
        "followup.view_followupsettings",
        "followup.change_followupsettings",
        "treatment.view_treatmentsettings",
        "treatment.add_treatmentsettings",
        "treatment.change_treatmentsettings",
        "audit.view_auditsettings",
        "audit.add_auditsettings",
        "audit.change_auditsettings",
        # Decision support's settings (assessments.thresholds: the numbers the sources do not fix, unverified).
        "assessments.view_decisionsupportsettings",
        "assessments.add_decisionsupportsettings",
        "assessments.change_decisionsupportsettings",
        "assessments.view_fraxinterventionthreshold",
        "assessments.add_fraxinterventionthreshold",
        "assessments.change_fraxinterventionthreshold",
        # Japan's FLS management fee: the fee schedule (data, unverified until checked) and each site's facility
        # standard (claims app).
        "claims.view_feeschedule",
        "claims.add_feeschedule",
        "claims.change_feeschedule",
        "claims.view_facilitystandard",
        "claims.add_facilitystandard",
        "claims.change_facilitystandard",
    ],
}


def sync_role_permissions(*, using="default", **_kwargs) -> None:
    """Give each role group exactly the permissions listed above that exist so far."""
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = set()
        for code in codes:
            app_label, codename = code.split(".", 1)
            wanted.add((app_label, codename))
        perms = [
            perm
            for perm in Permission.objects.using(using).select_related("content_type")
            if (perm.content_type.app_label, perm.codename) in wanted
        ]
        group.permissions.set(perms)
