"""Decision support for one FLS patient: WHO class, the NOGG 2022 very-high-risk indicators and the safety checks of
the proposed drug. Pure: it reads a CaseFacts (gathered from an episode by assessments.facts, or from a row of
`manage.py decision_support`'s CSV) and returns Advice; it never decides. Every number comes from
assessments.thresholds; every rule is written out, with its source, in docs/clinical-rules.md:

- WHO class: docs/clinical-rules.md#who-class-from-the-lowest-t-score, #severe-established-osteoporosis
- very high risk: docs/clinical-rules.md#nogg-2022-very-high-risk-indicators, #nogg-frax-thresholds-by-age
- safety checks: docs/clinical-rules.md#treatment-safety-checks

Each finding has a stable code (the batch command's columns; the codes a clinician acknowledges at sign-off) and
a message saying why, with the values it was drawn from.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from fls.dates import format_date

from . import thresholds as T

# WHO classes, as the batch command writes them.
NORMAL, OSTEOPENIA, OSTEOPOROSIS, SEVERE, UNKNOWN = (
    "normal", "osteopenia", "osteoporosis", "severe_osteoporosis", "unknown")
WHO_LABELS = {NORMAL: _("Normal"), OSTEOPENIA: _("Osteopenia"), OSTEOPOROSIS: _("Osteoporosis"),
              SEVERE: _("Severe (established) osteoporosis"), UNKNOWN: _("Unknown (no DXA)")}

# Very-high-risk codes (NOGG 2022), in the order they are shown.
RECENT_VERTEBRAL = "recent_vertebral_fracture"
MULTIPLE_VERTEBRAL = "multiple_vertebral_fractures"
VERY_LOW_T = "t_score_le_minus_3_5"
HIGH_DOSE_GLUCOCORTICOIDS = "high_dose_glucocorticoids"
FRAX_VERY_HIGH = "frax_above_very_high_threshold"
VERY_HIGH_CODES = (RECENT_VERTEBRAL, MULTIPLE_VERTEBRAL, VERY_LOW_T, HIGH_DOSE_GLUCOCORTICOIDS, FRAX_VERY_HIGH)

# Warning codes: each judged for the proposed drug only.
RENAL = "renal_impairment"
HYPOCALCAEMIA = "hypocalcaemia"
VITAMIN_D = "vitamin_d_deficiency"
CARDIOVASCULAR = "cardiovascular_contraindication"
# Contraindications the record holds besides the four codes (shown and acknowledged like them; in the batch
# command's notes, since its warnings column holds the four codes only).
OESOPHAGEAL = "oesophageal_disorder"
CANNOT_STAY_UPRIGHT = "cannot_stay_upright"
SKELETAL = "skeletal_contraindication"
WARNING_CODES = (RENAL, HYPOCALCAEMIA, VITAMIN_D, CARDIOVASCULAR)
# How a list row names each flag or warning in a few words (the full message is beside it on the sign-off page).
SHORT_LABELS = {
    RECENT_VERTEBRAL: _("Recent vertebral fracture"), MULTIPLE_VERTEBRAL: _("Multiple vertebral fractures"),
    VERY_LOW_T: _("T-score -3.5 or below"), HIGH_DOSE_GLUCOCORTICOIDS: _("High-dose glucocorticoids"),
    FRAX_VERY_HIGH: _("FRAX very high"), RENAL: _("Renal function"), HYPOCALCAEMIA: _("Low calcium"),
    VITAMIN_D: _("Low vitamin D"), CARDIOVASCULAR: _("MI or stroke"), "oesophageal_disorder": _("Oesophageal disorder"),
    "cannot_stay_upright": _("Cannot stay upright"), "skeletal_contraindication": _("Skeletal contraindication"),
}
CONTRAINDICATION_CODES = (OESOPHAGEAL, CANNOT_STAY_UPRIGHT, SKELETAL)

# Notes: everything else (docs/clinical-rules.md#decision-support-notes lists them).
NOTE_CODES = {
    "t_score_not_recorded": _("No DXA T-score recorded: WHO class unknown, the T-score indicator not assessed."),
    "frax_not_recorded": _("No FRAX probability recorded: the FRAX indicator not assessed."),
    "age_not_recorded": _("Age not known: the FRAX indicator not assessed."),
    "frax_age_below_table": _("No FRAX threshold for this age: the FRAX indicator not assessed."),
    "frax_thresholds_unverified": _("The NOGG FRAX thresholds by age are unverified in this app: check the "
                                    "FRAX indicator against nogg.org.uk."),
    "glucocorticoid_duration_not_recorded": _("Glucocorticoid dose recorded without its duration: the "
                                              "glucocorticoid indicator not assessed."),
    "vertebral_fracture_date_not_recorded": _("Vertebral fractures without a date: whether one is recent is "
                                              "not known."),
    "glucocorticoid_dose_not_recorded": _("Oral glucocorticoids without a dose: the glucocorticoid indicator not "
                                          "assessed."),
    "multiple_clinical_risk_factors": _("NOGG also names multiple clinical risk factors as an indicator of very "
                                        "high risk: a clinician's judgement, not computed."),
    "consider_specialist_referral": _("Very high risk: NOGG advises considering referral to an osteoporosis "
                                      "specialist for parenteral treatment; some need anabolic treatment first "
                                      "(teriparatide, romosozumab, abaloparatide), especially with multiple "
                                      "vertebral fractures. If referral is delayed, start oral treatment meanwhile. "
                                      "The clinician decides."),
    "egfr_not_recorded": _("eGFR not recorded: the renal check for this drug not made."),
    "egfr_not_usable": _("The latest eGFR is not a number in mL/min/1.73m²: the renal check for this drug not made."),
    "egfr_used_as_creatinine_clearance": _("The drug's renal limit is a creatinine clearance; eGFR is used as a "
                                           "proxy."),
    "adjusted_calcium_not_recorded": _("Adjusted calcium not recorded: the calcium check for this drug not made."),
    "adjusted_calcium_not_usable": _("The latest adjusted calcium is not a plausible number in mmol/L or mg/dL: "
                                     "the calcium check for this drug not made."),
    "calcium_threshold_unverified": _("The low-calcium threshold is a site setting, not a cited number "
                                      "(unverified)."),
    "vitamin_d_not_recorded": _("25-OH vitamin D not recorded: needed before zoledronic acid or denosumab."),
    "vitamin_d_not_usable": _("The latest 25-OH vitamin D is not a number in nmol/L or ng/mL: needed before "
                              "zoledronic acid or denosumab."),
    "vitamin_d_deficient": _("25-OH vitamin D below 25 nmol/L: deficient; replete it."),
    "vitamin_d_may_be_inadequate": _("25-OH vitamin D 25-50 nmol/L: may be inadequate; treat with a fragility "
                                     "fracture or an antiresorptive."),
    "prior_mi_or_stroke_not_recorded": _("Whether the patient has had a myocardial infarction or stroke is not "
                                         "recorded: needed before romosozumab."),
    "oral_bisphosphonate_administration": _("Take on waking, fasting, with plain water, at least 30 minutes "
                                            "(ibandronate 60) before food, drink or other medicines, and stay "
                                            "upright; swallow whole."),
    "oesophageal_disorder_not_recorded": _("Oesophageal stricture or achalasia not asked: check before an oral "
                                           "bisphosphonate."),
    "cannot_stay_upright_not_recorded": _("Whether the patient can stay upright after the dose is not asked: check "
                                          "before an oral bisphosphonate."),
    "teriparatide_contraindications": _("Before teriparatide, check: hypercalcaemia, Paget's disease or raised "
                                        "ALP, prior skeletal radiotherapy, bone malignancy or metastases."),
    "abaloparatide_rules_unverified": _("Abaloparatide's safety rules and course length are unverified in this "
                                        "app: check its SPC."),
    # %(months)s: assessments.thresholds denosumab_overdue_months, filled where the note is made.
    "denosumab_never_stop": _("Denosumab is given every 6 months and never stopped or delayed without a "
                              "follow-on drug: new vertebral fractures can come from %(months)s months after a dose."),
    "anabolic_follow_on": _("An anabolic course is followed by an antiresorptive."),
    "romosozumab_nice_ta791": _("NICE TA791 funds romosozumab after the menopause only with a major osteoporotic "
                                "fracture within 24 months."),
    "no_safety_rules_for_drug": _("The app holds no safety rules for this treatment: the clinician checks it."),
    "no_drug_proposed": _("No drug treatment proposed: no safety check made."),
}


@dataclass(frozen=True)
class CaseFacts:
    """What the rules read. None (blank in the CSV) means not known."""
    assessment_date: date
    index_fracture_site: str  # patients.FractureSite: hip, vertebra, wrist, humerus, pelvis, ankle, other
    fracture_date: date | None = None
    sex: str | None = None  # "F" or "M"
    age: int | None = None
    lowest_t_score: Decimal | None = None
    frax_mof: Decimal | None = None
    frax_hip: Decimal | None = None
    vertebral_fractures: int | None = None  # prevalent, the vertebral index fracture included
    last_vertebral_fracture_date: date | None = None
    undated_vertebral_fractures: int = 0  # of those, found on imaging with no date (old, or age not known)
    glucocorticoids_taken: bool = False  # oral glucocorticoids ticked (the dose may still be missing)
    glucocorticoid_mg_per_day: Decimal | None = None
    glucocorticoid_months: int | None = None
    egfr: Decimal | None = None
    adjusted_calcium: Decimal | None = None
    vitamin_d: Decimal | None = None  # 25-OH vitamin D, nmol/L
    prior_mi_or_stroke: bool | None = None
    proposed_treatment: str = "none"
    oesophageal_disorder: bool | None = None
    cannot_stay_upright: bool | None = None
    skeletal_contraindication: bool | None = None  # Paget's, raised ALP, skeletal radiotherapy, bone malignancy
    unusable: frozenset = frozenset()  # "egfr", "adjusted_calcium", "vitamin_d": a result the rules cannot read


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    unverified: bool = False  # drawn from a number marked unverified


@dataclass(frozen=True)
class Settings:
    """The settings the rules read: a site's (assessments.DecisionSupportSettings) and the FRAX table
    (assessments.FraxInterventionThreshold), or the data module's defaults."""
    adjusted_calcium_low: Decimal = T.value("adjusted_calcium_low")
    frax_thresholds: tuple = T.FRAX_INTERVENTION_THRESHOLDS  # ((from age, MOF %, hip %), …)
    frax_thresholds_unverified: bool = True


@dataclass
class Advice:
    who_class: str
    very_high: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)  # the four warning codes and the recorded contraindications
    notes: list[Finding] = field(default_factory=list)

    @property
    def very_high_risk(self) -> bool:
        return bool(self.very_high)

    @property
    def who_label(self) -> str:
        return str(WHO_LABELS[self.who_class])

    def codes(self, findings: list[Finding]) -> list[str]:
        return sorted(f.code for f in findings)


def who_class(lowest_t_score: Decimal | None, *, fragility_fracture: bool = True) -> str:
    """docs/clinical-rules.md#who-class-from-the-lowest-t-score: normal at or above -1.0, osteoporosis at or below
    -2.5, osteopenia between; osteoporosis with a fragility fracture (every FLS patient) is severe."""
    if lowest_t_score is None:
        return UNKNOWN
    if lowest_t_score <= T.value("osteoporosis_max_t"):
        return SEVERE if fragility_fracture else OSTEOPOROSIS
    if lowest_t_score >= T.value("normal_min_t"):
        return NORMAL
    return OSTEOPENIA


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def frax_threshold(age: int, table) -> tuple[Decimal, Decimal] | None:
    """The intervention thresholds (MOF %, hip %) for `age`: the row of the highest starting age not above it."""
    rows = [row for row in sorted(table) if row[0] <= age]
    return (rows[-1][1], rows[-1][2]) if rows else None


def _fmt(number) -> str:
    return f"{Decimal(number).normalize():f}"


def _very_high(facts: CaseFacts, settings: Settings, notes: list[Finding]) -> list[Finding]:
    found = []
    note = lambda code, unverified=False: notes.append(Finding(code, str(NOTE_CODES[code]), unverified))  # noqa: E731
    # Vertebral fractures: the index fracture counts as one, and is the most recent when it is the latest.
    count = facts.vertebral_fractures or 0
    latest = facts.last_vertebral_fracture_date
    if facts.index_fracture_site == "vertebra":
        count = max(count, 1)
        if facts.fracture_date and (latest is None or facts.fracture_date > latest):
            latest = facts.fracture_date
    years = int(T.value("recent_vertebral_years"))
    if latest is not None and years_before(facts.assessment_date, years) <= latest:
        found.append(Finding(RECENT_VERTEBRAL, _("Recent vertebral fracture: %(date)s, within %(years)d years of "
                                                  "the assessment.") % {"date": format_date(latest), "years": years}))
    elif facts.undated_vertebral_fractures or (latest is None and count):
        note("vertebral_fracture_date_not_recorded")
    if count >= T.value("multiple_vertebral_fractures"):
        found.append(Finding(MULTIPLE_VERTEBRAL, _("%(count)d vertebral fractures (%(limit)s or more).")
                             % {"count": count, "limit": _fmt(T.value("multiple_vertebral_fractures"))}))
    if facts.lowest_t_score is None:
        note("t_score_not_recorded")
    elif facts.lowest_t_score <= T.value("very_high_max_t"):
        found.append(Finding(VERY_LOW_T, _("Lowest T-score %(t)s (%(limit)s or below).")
                             % {"t": _fmt(facts.lowest_t_score), "limit": _fmt(T.value("very_high_max_t"))}))
    mg, months = facts.glucocorticoid_mg_per_day, facts.glucocorticoid_months
    if facts.glucocorticoids_taken and mg is None:
        note("glucocorticoid_dose_not_recorded")
    if mg is not None and mg >= T.value("glucocorticoid_mg_per_day"):
        if months is None:
            note("glucocorticoid_duration_not_recorded")
        elif months >= T.value("glucocorticoid_months"):
            found.append(Finding(HIGH_DOSE_GLUCOCORTICOIDS, _(
                "High-dose glucocorticoids: %(mg)s mg prednisolone a day for %(months)d months (%(limit_mg)s mg or "
                "more for %(limit_months)s months or more).") % {
                "mg": _fmt(mg), "months": months, "limit_mg": _fmt(T.value("glucocorticoid_mg_per_day")),
                "limit_months": _fmt(T.value("glucocorticoid_months"))}))
    if facts.frax_mof is None and facts.frax_hip is None:
        note("frax_not_recorded")
    elif facts.age is None:
        note("age_not_recorded")
    else:
        limits = frax_threshold(facts.age, settings.frax_thresholds)
        if limits is None:
            note("frax_age_below_table")
        else:
            factor = T.value("frax_very_high_factor")
            if settings.frax_thresholds_unverified:
                note("frax_thresholds_unverified", unverified=True)
            for name, probability, limit in ((_("major osteoporotic fracture"), facts.frax_mof, limits[0]),
                                             (_("hip fracture"), facts.frax_hip, limits[1])):
                # Unrounded, as the rule reads ("at or above 1.6 x"): rounded to one decimal it would flag a
                # FRAX of 15.5 % against 1.6 x 9.7 = 15.52 %. Rounded only in the message.
                very_high = limit * factor
                if probability is not None and probability >= very_high:
                    found.append(Finding(FRAX_VERY_HIGH, _(
                        "FRAX %(name)s %(p)s%% is at or above the very-high threshold for age %(age)d (%(limit)s%%, "
                        "%(factor)s x the NOGG intervention threshold).") % {
                        "name": name, "p": _fmt(probability), "age": facts.age,
                        "limit": _fmt(very_high.quantize(Decimal("0.01"))),
                        "factor": _fmt(factor)}, unverified=settings.frax_thresholds_unverified))
                    break  # one finding per code: the higher of the two assessments decides (NOGG rec. 5)
    return found


def _safety(facts: CaseFacts, settings: Settings, notes: list[Finding]) -> list[Finding]:
    drug = facts.proposed_treatment
    note = lambda code, unverified=False: notes.append(Finding(code, str(NOTE_CODES[code]), unverified))  # noqa: E731

    def missing(name):  # a value the rule needs: not recorded, or recorded in a form the rules cannot read
        note(f"{name}_not_usable" if name in facts.unusable else f"{name}_not_recorded")
    found = []
    if drug in ("none", ""):
        note("no_drug_proposed")
        return found
    if drug not in T.DRUGS:
        note("no_safety_rules_for_drug")
        return found
    renal = T.RENAL_THRESHOLD_FOR.get(drug)
    if renal:
        limit = T.value(renal)
        if facts.egfr is None:
            missing("egfr")
        else:
            note("egfr_used_as_creatinine_clearance")
            if facts.egfr < limit:
                found.append(Finding(RENAL, _("eGFR %(egfr)s is below %(limit)s mL/min/1.73m², the limit for "
                                              "%(drug)s (eGFR used as a proxy for creatinine clearance).")
                                     % {"egfr": _fmt(facts.egfr), "limit": _fmt(limit), "drug": drug_label(drug)}))
    if drug in T.CALCIUM_CHECKED:
        note("calcium_threshold_unverified", unverified=True)
        if facts.adjusted_calcium is None:
            missing("adjusted_calcium")
        elif facts.adjusted_calcium < settings.adjusted_calcium_low:
            found.append(Finding(HYPOCALCAEMIA, _(
                "Adjusted calcium %(ca)s mmol/L is below %(limit)s mmol/L: correct hypocalcaemia before "
                "%(drug)s.") % {"ca": _fmt(facts.adjusted_calcium), "limit": _fmt(settings.adjusted_calcium_low),
                                "drug": drug_label(drug)}, unverified=True))
    if facts.vitamin_d is None:
        if drug in T.VITAMIN_D_CHECKED:
            missing("vitamin_d")
    elif drug in T.VITAMIN_D_CHECKED and facts.vitamin_d < T.value("vitamin_d_before_parenteral"):
        found.append(Finding(VITAMIN_D, _(
            "25-OH vitamin D %(d)s nmol/L is below %(limit)s nmol/L: replete vitamin D before %(drug)s.")
            % {"d": _fmt(facts.vitamin_d), "limit": _fmt(T.value("vitamin_d_before_parenteral")),
               "drug": drug_label(drug)}))
    elif facts.vitamin_d < T.value("vitamin_d_deficient"):
        note("vitamin_d_deficient")
    elif facts.vitamin_d < T.value("vitamin_d_before_parenteral"):
        note("vitamin_d_may_be_inadequate")
    if drug == "romosozumab":
        if facts.prior_mi_or_stroke is None:
            note("prior_mi_or_stroke_not_recorded")
        elif facts.prior_mi_or_stroke:
            found.append(Finding(CARDIOVASCULAR, _("Romosozumab is contraindicated after a myocardial infarction "
                                                   "or stroke.")))
        note("romosozumab_nice_ta791")
    if drug in T.ORAL_BISPHOSPHONATES:
        note("oral_bisphosphonate_administration")
        if facts.oesophageal_disorder is None:
            note("oesophageal_disorder_not_recorded")
        elif facts.oesophageal_disorder:
            found.append(Finding(OESOPHAGEAL, _("Oesophageal stricture or achalasia: an oral bisphosphonate is "
                                                "contraindicated.")))
        if facts.cannot_stay_upright is None:
            note("cannot_stay_upright_not_recorded")
        elif facts.cannot_stay_upright:
            found.append(Finding(CANNOT_STAY_UPRIGHT, _(
                "Cannot stay upright for %(minutes)d minutes after the dose: an oral bisphosphonate is "
                "contraindicated.") % {"minutes": int(T.value("upright_minutes_ibandronate" if drug == "ibandronate"
                                                             else "upright_minutes"))}))
    if drug == "teriparatide":
        note("teriparatide_contraindications")
    if drug in ("teriparatide", "abaloparatide") and facts.skeletal_contraindication:
        found.append(Finding(SKELETAL, _("Paget's disease, unexplained raised ALP, prior skeletal radiotherapy or "
                                         "bone malignancy: %(drug)s is contraindicated.") % {"drug": drug_label(drug)},
                             unverified=drug == "abaloparatide"))
    if drug == "abaloparatide":
        note("abaloparatide_rules_unverified", unverified=True)
    if drug == "denosumab":
        notes.append(Finding("denosumab_never_stop", str(NOTE_CODES["denosumab_never_stop"]) % {
            "months": int(T.value("denosumab_overdue_months"))}))
    if drug in T.ANABOLIC:
        note("anabolic_follow_on")
    return found


_DRUG_LABELS = {
    "alendronate": _("alendronate"), "risedronate": _("risedronate"), "ibandronate": _("ibandronate"),
    "zoledronic_acid": _("zoledronic acid"), "denosumab": _("denosumab"), "teriparatide": _("teriparatide"),
    "romosozumab": _("romosozumab"), "abaloparatide": _("abaloparatide"),
}


def drug_label(drug: str) -> str:
    return str(_DRUG_LABELS.get(drug, drug))


def advise(facts: CaseFacts, settings: Settings | None = None) -> Advice:
    """The whole decision support for one case: WHO class, very-high-risk indicators, the proposed drug's warnings
    and notes (missing values, unverified numbers, advice). Decision support: the clinician decides."""
    settings = settings or Settings()
    notes: list[Finding] = []
    very_high = _very_high(facts, settings, notes)
    if very_high:
        notes.append(Finding("consider_specialist_referral", str(NOTE_CODES["consider_specialist_referral"])))
    notes.append(Finding("multiple_clinical_risk_factors", str(NOTE_CODES["multiple_clinical_risk_factors"])))
    warnings = _safety(facts, settings, notes)
    return Advice(who_class=who_class(facts.lowest_t_score), very_high=very_high, warnings=warnings, notes=notes)
