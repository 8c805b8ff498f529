"""Every number the decision support uses, as data, with its source and how far it was verified: the one place the
rules (assessments.decision_support), the pages (the decision-support settings page lists them) and the document
(docs/clinical-rules.md, whose tables tests/assessments/test_thresholds_match_the_document.py reads against these)
take them from.

Status: VERIFIED (seen in the source named), PARTLY (the rule was seen, a detail was not), UNVERIFIED (kept as a
setting a site or an administrator can change, and shown as unverified wherever it is used).
"""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

VERIFIED, PARTLY, UNVERIFIED = "verified", "partly verified", "unverified"
STATUS_LABELS = {VERIFIED: _("verified"), PARTLY: _("partly verified"), UNVERIFIED: _("unverified")}


@dataclass(frozen=True)
class Threshold:
    key: str
    value: Decimal
    unit: str
    rule: str  # what the number decides, in words
    status: str
    source: str
    anchor: str  # the section of docs/clinical-rules.md

    @property
    def unverified(self) -> bool:
        return self.status == UNVERIFIED


_WHO = "who-class-from-the-lowest-t-score"
_NOGG = "nogg-2022-very-high-risk-indicators"
_FRAX = "nogg-frax-thresholds-by-age"
_SAFETY = "treatment-safety-checks"
_COURSE = "course-plans"

THRESHOLDS = {t.key: t for t in (
    # docs/clinical-rules.md#who-class-from-the-lowest-t-score
    Threshold("normal_min_t", Decimal("-1.0"), "T-score", "normal at or above", PARTLY,
              "WHO 1994 criteria; WHO/ISCD wording puts exactly -1.0 in normal", _WHO),
    Threshold("osteoporosis_max_t", Decimal("-2.5"), "T-score", "osteoporosis at or below", VERIFIED,
              "NOGG patient leaflet ('-2.5 or less'); with a fragility fracture: severe (established)", _WHO),
    # docs/clinical-rules.md#nogg-2022-very-high-risk-indicators
    Threshold("recent_vertebral_years", Decimal("2"), "years", "a vertebral fracture at most this many calendar "
              "years before the assessment is recent", PARTLY,
              "NOGG 2022 (Gregson et al., Arch Osteoporos 2022;17:58) section 4 rec. 8; NICE TA791", _NOGG),
    Threshold("multiple_vertebral_fractures", Decimal("2"), "fractures", "vertebral fractures at or above",
              PARTLY, "NOGG 2022 section 4 rec. 8", _NOGG),
    Threshold("very_high_max_t", Decimal("-3.5"), "T-score", "very high risk at or below", PARTLY,
              "NOGG 2022 section 4 rec. 8", _NOGG),
    Threshold("glucocorticoid_mg_per_day", Decimal("7.5"), "mg/day prednisolone", "high dose at or above",
              PARTLY, "NOGG 2022 section 7 rec. 16", _NOGG),
    Threshold("glucocorticoid_months", Decimal("3"), "months", "for at least", PARTLY,
              "NOGG 2022 section 7 rec. 16", _NOGG),
    Threshold("frax_very_high_factor", Decimal("1.6"), "x intervention threshold",
              "FRAX MOF or hip at or above this multiple of the intervention threshold for age", VERIFIED,
              "Kanis JA et al., Osteoporos Int 2021 (doi 10.1007/s00198-021-05942-2)", _FRAX),
    # docs/clinical-rules.md#treatment-safety-checks
    Threshold("egfr_alendronate", Decimal("35"), "mL/min/1.73m²", "alendronate not recommended below", VERIFIED,
              "FDA/TGA label (creatinine clearance < 35 mL/min); eGFR used as a proxy", _SAFETY),
    Threshold("egfr_zoledronic_acid", Decimal("35"), "mL/min/1.73m²", "zoledronic acid must not be used below",
              VERIFIED, "Medsafe NZ 2010 citing Aclasta advice; MHRA DSU; eGFR used as a proxy", _SAFETY),
    Threshold("egfr_risedronate", Decimal("30"), "mL/min/1.73m²", "risedronate not recommended below", VERIFIED,
              "Label summary (creatinine clearance < 30 mL/min); eGFR used as a proxy", _SAFETY),
    Threshold("egfr_ibandronate", Decimal("30"), "mL/min/1.73m²", "oral ibandronate not recommended below",
              VERIFIED, "FDA label highlights; eGFR used as a proxy", _SAFETY),
    Threshold("egfr_denosumab", Decimal("30"), "mL/min/1.73m²", "denosumab: much higher risk of severe "
              "hypocalcaemia below (specialist, CKD-MBD work-up)", VERIFIED, "FDA boxed warning (eGFR < 30)", _SAFETY),
    Threshold("egfr_teriparatide", Decimal("30"), "mL/min/1.73m²", "teriparatide contraindicated below "
              "(severe renal impairment)", PARTLY, "Forsteo safety information; the < 30 cut-off is convention",
              _SAFETY),
    Threshold("adjusted_calcium_low", Decimal("2.20"), "mmol/L", "hypocalcaemia below (a site setting)",
              UNVERIFIED, "the usual laboratory lower limit; not a cited number", _SAFETY),
    Threshold("vitamin_d_before_parenteral", Decimal("50"), "nmol/L", "replete 25-OH vitamin D first before "
              "zoledronic acid or denosumab below", VERIFIED,
              "ROS 2018 vitamin D guideline (via MIMS): < 25 deficient, 25-50 may be inadequate", _SAFETY),
    Threshold("upright_minutes", Decimal("30"), "minutes", "alendronate and risedronate: stay upright at least",
              VERIFIED, "Oral bisphosphonate labels (absorption and oesophageal safety)", _SAFETY),
    Threshold("upright_minutes_ibandronate", Decimal("60"), "minutes", "oral ibandronate: stay upright at least",
              VERIFIED, "Oral ibandronate label", _SAFETY),
    Threshold("vitamin_d_deficient", Decimal("25"), "nmol/L", "25-OH vitamin D deficient below", VERIFIED,
              "ROS 2018 vitamin D guideline (via MIMS)", _SAFETY),
    # docs/clinical-rules.md#course-plans (treatment.course_plan)
    Threshold("denosumab_overdue_months", Decimal("7"), "months", "a denosumab dose is overdue (escalated) more "
              "than this long after the last dose", VERIFIED,
              "TGA Nov 2025; MHRA DSU Aug 2020: new vertebral fractures from 7 months after the last dose", _COURSE),
    Threshold("denosumab_follow_on_months", Decimal("6"), "months", "on stopping denosumab, the bisphosphonate "
              "starts this long after the last injection", VERIFIED, "ECTS 2021", _COURSE),
    Threshold("zoledronic_acid_overdue_months", Decimal("15"), "months", "a zoledronic acid infusion is overdue "
              "(escalated) more than this long after the last (a setting)", UNVERIFIED,
              "the project's choice: the sources give no limit", _COURSE),
    Threshold("course_booking_lead_days", Decimal("28"), "days", "a dose, a course end or a review is due this long "
              "before its date, to book it (a site setting)", UNVERIFIED,
              "the project's choice (4 weeks): a service's booking time, not a clinical number", _COURSE),
    Threshold("holiday_continue_age", Decimal("75"), "years", "a bisphosphonate is continued beyond its review "
              "at or above this age", VERIFIED,
              "NOGG (nogg.org.uk tool): continue beyond 3-5 years at 75 or over", _COURSE),
)}


def value(key: str) -> Decimal:
    return THRESHOLDS[key].value


# docs/clinical-rules.md#nogg-frax-thresholds-by-age: the NOGG intervention threshold (10-year probability, %) of
# a major osteoporotic fracture (MOF) and of a hip fracture, by age, from which the very-high threshold is
# 1.6 times. UNVERIFIED: the NOGG table was not found in any source the project could read. These figures are
# the shape NOGG describes (age-dependent to 70, fixed from 70) filled with approximate values; the app ships
# them as rows an administrator replaces with NOGG's own (FraxInterventionThreshold, editable in the admin),
# and every flag drawn from them says the threshold is unverified.
FRAX_INTERVENTION_THRESHOLDS = (
    # (from age, MOF %, hip %)
    (40, Decimal("7.6"), Decimal("1.3")),
    (45, Decimal("8.6"), Decimal("1.5")),
    (50, Decimal("9.7"), Decimal("1.8")),
    (55, Decimal("11.3"), Decimal("2.3")),
    (60, Decimal("13.2"), Decimal("3.0")),
    (65, Decimal("16.3"), Decimal("4.1")),
    (70, Decimal("20.0"), Decimal("5.4")),
)
FRAX_THRESHOLDS_STATUS = UNVERIFIED


# Which renal threshold belongs to which drug (docs/clinical-rules.md#treatment-safety-checks).
RENAL_THRESHOLD_FOR = {
    "alendronate": "egfr_alendronate", "zoledronic_acid": "egfr_zoledronic_acid",
    "risedronate": "egfr_risedronate", "ibandronate": "egfr_ibandronate",
    "denosumab": "egfr_denosumab", "teriparatide": "egfr_teriparatide",
}
BISPHOSPHONATES = ("alendronate", "risedronate", "ibandronate", "zoledronic_acid")
ORAL_BISPHOSPHONATES = ("alendronate", "risedronate", "ibandronate")
CALCIUM_CHECKED = (*BISPHOSPHONATES, "denosumab", "romosozumab")
VITAMIN_D_CHECKED = ("zoledronic_acid", "denosumab")
ANABOLIC = ("teriparatide", "romosozumab", "abaloparatide")
DRUGS = ("alendronate", "risedronate", "ibandronate", "zoledronic_acid", "denosumab", "teriparatide",
         "romosozumab", "abaloparatide")


@dataclass(frozen=True)
class Regimen:
    """A drug's usual regimen (docs/clinical-rules.md#regimens), what a decision's regimen is pre-filled with."""
    dose: str  # a dose in words is translatable ("20 micrograms", written in full as UK prescribing asks; 20 μg)
    route: str  # "oral", "iv", "sc"
    interval: str  # "daily", "weekly", "monthly", "six_monthly", "yearly"
    duration_months: int | None  # the course's maximum, or when it is reviewed
    status: str
    source: str


REGIMENS = {
    # The oral doses are the usual ones but are not stated in the project's sources: unverified (the review at 5
    # years is verified, NOGG).
    "alendronate": Regimen("70 mg", "oral", "weekly", 60, UNVERIFIED,
                           "NOGG: review after 5 years of oral bisphosphonate (V); the 70 mg weekly dose is the usual "
                           "one, not in the project's sources: check the BNF or SPC"),
    "risedronate": Regimen("35 mg", "oral", "weekly", 60, UNVERIFIED,
                           "NOGG: review after 5 years (V); 35 mg weekly is the usual dose, not in the project's "
                           "sources: check the BNF or SPC"),
    "ibandronate": Regimen("150 mg", "oral", "monthly", 60, UNVERIFIED,
                           "NOGG: review after 5 years (V); 150 mg monthly is the usual dose, not in the project's "
                           "sources: check the BNF or SPC"),
    "zoledronic_acid": Regimen("5 mg", "iv", "yearly", 36, PARTLY,
                               "NOGG: review after 3 years (V); 5 mg IV once yearly (Aclasta SPC not displayed: P)"),
    "denosumab": Regimen("60 mg", "sc", "six_monthly", None, VERIFIED,
                         "MHRA DSU Aug 2020; ECTS 2021: every 6 months, never stopped without follow-on therapy"),
    "teriparatide": Regimen(_("20 micrograms"), "sc", "daily", 24, VERIFIED,
                            "BHOF: two years at most, then an antiresorptive"),
    "romosozumab": Regimen("210 mg", "sc", "monthly", 12, VERIFIED,
                           "EMA Evenity SPC 4.2: 210 mg monthly for 12 months, then an antiresorptive (the "
                           "subcutaneous route is the product's, not stated in the project's sources)"),
    "abaloparatide": Regimen(_("80 micrograms"), "sc", "daily", 18, UNVERIFIED,
                             "EU Eladynos SPC not reached: the 80 microgram dose and the 18-month maximum are "
                             "unverified"),
}
