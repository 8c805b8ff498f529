"""What the letters say about a drug's regimen, as data: the monitoring primary care does, what to do when a dose
is missed, how a patient takes it, in the clinician's words (the GP letter) and in plain words (the patient letter).

Each text carries its status, as assessments.thresholds' numbers do
(docs/clinical-rules.md#what-the-letters-say-about-a-regimen, with their sources): VERIFIED (seen in the source named),
PARTLY (the rule was seen, a detail was not), UNVERIFIED (not in the project's sources: the usual product
information wording, kept so the letter is complete, and shown with "check the SPC"). Numbers come from
assessments.thresholds (a text's %(key)s is the threshold of that key; the course lengths are the decision's own).
"""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import thresholds as T
from .thresholds import PARTLY, UNVERIFIED, VERIFIED


@dataclass(frozen=True)
class RegimenText:
    text: str  # lazy; %(threshold key)s placeholders are filled from assessments.thresholds
    status: str
    source: str
    limit: str = ""  # the threshold key that fills %(limit)s (a text shared by drugs with different limits)

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    def render(self, **values) -> str:
        limit = {"limit": THRESHOLD_VALUES[self.limit]} if self.limit else {}
        return str(self.text) % {**THRESHOLD_VALUES, **limit, **values}


THRESHOLD_VALUES = {key: f"{Decimal(t.value).normalize():f}" for key, t in T.THRESHOLDS.items()}

_RULES_S4 = "docs/clinical-rules.md#treatment-safety-checks"
_DENOSUMAB = "MHRA DSU Aug 2020; ECTS 2021; TGA Nov 2025 (new vertebral fractures from 7 months after the last dose)"
_NOT_IN_SOURCES = "not in the project's sources: the usual product information wording"


def _oral_bisphosphonate(drug: str) -> tuple[RegimenText, ...]:
    return (
        RegimenText(_("Renal function before starting: not recommended with eGFR below %(limit)s mL/min/1.73m² "
                      "(eGFR used as a proxy for creatinine clearance)."), VERIFIED, _RULES_S4,
                    limit=T.RENAL_THRESHOLD_FOR[drug]),
        RegimenText(_("Correct hypocalcaemia before starting; co-prescribed vitamin D makes routine 25-OH vitamin D "
                      "testing unnecessary."), PARTLY, "ROS 2018 (vitamin D); SPC 4.3 (calcium) not displayed"),
    )


# What primary care monitors, drug by drug (the GP letter's "Monitoring"). The review at 5 years (oral) or 3
# years (zoledronic acid), NOGG, is the decision's planned duration (duration_text), pre-filled from REGIMENS.
MONITORING = {
    "alendronate": _oral_bisphosphonate("alendronate"),
    "risedronate": _oral_bisphosphonate("risedronate"),
    "ibandronate": _oral_bisphosphonate("ibandronate"),
    "zoledronic_acid": (
        RegimenText(_("eGFR before each infusion: must not be given with eGFR below %(egfr_zoledronic_acid)s "
                      "mL/min/1.73m² (eGFR used as a proxy for creatinine clearance); make sure the patient is "
                      "well hydrated."), VERIFIED, "Medsafe NZ 2010 citing Aclasta advice; MHRA DSU"),
        RegimenText(_("Adjusted calcium and 25-OH vitamin D before the first infusion: correct hypocalcaemia, and "
                      "replete vitamin D below %(vitamin_d_before_parenteral)s nmol/L."), VERIFIED,
                    "ROS 2018 via MIMS; " + _RULES_S4),
    ),
    "denosumab": (
        RegimenText(_("Adjusted calcium and 25-OH vitamin D before starting: correct hypocalcaemia, and replete "
                      "vitamin D below %(vitamin_d_before_parenteral)s nmol/L. With eGFR below %(egfr_denosumab)s "
                      "the risk of severe hypocalcaemia is much higher (specialist advice)."), VERIFIED,
                    "FDA boxed warning; ROS 2018 via MIMS"),
        RegimenText(_("Next dose every 6 months. Never stop or delay denosumab without specialist review and "
                      "follow-on therapy: on stopping, a bisphosphonate is started %(denosumab_follow_on_months)s "
                      "months after the last injection."), VERIFIED, _DENOSUMAB),
    ),
    "teriparatide": (
        RegimenText(_("Contraindicated with hypercalcaemia, severe renal impairment (eGFR below "
                      "%(egfr_teriparatide)s by convention), Paget's disease or unexplained raised ALP, prior skeletal "
                      "radiotherapy, bone malignancy or metastases, or pregnancy."), VERIFIED,
                    "Lilly Forsteo safety page; the eGFR cut-off is convention (partly verified)"),
        RegimenText(_("At the end of the course, follow with an antiresorptive (for example a bisphosphonate)."),
                    VERIFIED, "BHOF: two years at most, then an antiresorptive"),
    ),
    "romosozumab": (
        RegimenText(_("Contraindicated after a myocardial infarction or stroke; correct hypocalcaemia before "
                      "starting."), VERIFIED, "TGA 2023 safety alert; FDA boxed warning; MIMS"),
        RegimenText(_("At the end of the course, follow with an antiresorptive (for example alendronic "
                      "acid)."), VERIFIED, "EMA Evenity SPC 4.2; NICE TA791"),
    ),
    "abaloparatide": (
        RegimenText(_("Its safety checks (renal function, calcium, contraindications) are not in this app's "
                      "sources."), UNVERIFIED, "EU Eladynos SPC not reached"),
        RegimenText(_("At the end of the course, follow with an antiresorptive."), UNVERIFIED,
                    "EU Eladynos SPC not reached"),
    ),
}

# What to do if a dose is missed, for primary care. Only denosumab's is in the project's sources.
MISSED_DOSE = {
    "alendronate": RegimenText(_("Take it the next morning, then return to the usual day of the week; never two "
                                 "doses on the same day."), UNVERIFIED, _NOT_IN_SOURCES),
    "risedronate": RegimenText(_("Take it the next morning, then return to the usual day of the week; never two "
                                 "doses on the same day."), UNVERIFIED, _NOT_IN_SOURCES),
    "ibandronate": RegimenText(_("If the next dose is more than 7 days away, take it the next morning, then return "
                                 "to the usual day of the month; if it is 7 days away or less, wait for it. Never two "
                                 "doses in the same week."), UNVERIFIED, _NOT_IN_SOURCES),
    "zoledronic_acid": RegimenText(_("Give the infusion when it is due, or as soon as possible after; the next one "
                                     "a year after it."), UNVERIFIED, _NOT_IN_SOURCES),
    "denosumab": RegimenText(_("Give it as soon as possible, then every 6 months from that dose. Never leave more "
                               "than %(denosumab_overdue_months)s months after the last dose: new, often multiple, "
                               "vertebral fractures can follow a late or stopped dose."),
                             PARTLY, _DENOSUMAB + "; 'then every 6 months from that dose' is the usual wording"),
    "teriparatide": RegimenText(_("Skip the missed injection and take the next one at the usual time; never two "
                                  "in one day."), UNVERIFIED, _NOT_IN_SOURCES),
    "romosozumab": RegimenText(_("Give it as soon as possible, then monthly from that dose."), UNVERIFIED,
                               _NOT_IN_SOURCES),
    "abaloparatide": RegimenText(_("Skip the missed injection and take the next one at the usual time; never two "
                                   "in one day."), UNVERIFIED, _NOT_IN_SOURCES),
}

# The same, in plain words, for the patient.
PATIENT_MISSED_DOSE = {
    "alendronate": RegimenText(_("If you forget your weekly tablet, take it the next morning, then go back to your "
                                 "usual day. Never take two tablets on the same day."), UNVERIFIED, _NOT_IN_SOURCES),
    "risedronate": RegimenText(_("If you forget your weekly tablet, take it the next morning, then go back to your "
                                 "usual day. Never take two tablets on the same day."), UNVERIFIED, _NOT_IN_SOURCES),
    "ibandronate": RegimenText(_("If you forget your monthly tablet and your next one is more than 7 days away, "
                                 "take it the next morning, then go back to your usual date. If your next one is 7 "
                                 "days away or less, wait for it. Never take two tablets in the same week."),
                               UNVERIFIED, _NOT_IN_SOURCES),
    "zoledronic_acid": RegimenText(_("If you cannot come for your yearly drip, tell us: we will give it as soon as "
                                     "we can."), UNVERIFIED, _NOT_IN_SOURCES),
    "denosumab": RegimenText(_("If your injection is late, have it as soon as you can. Do not leave more than 7 "
                               "months after your last injection: your bones can weaken quickly."), PARTLY,
                             _DENOSUMAB),
    "teriparatide": RegimenText(_("If you forget an injection, skip it and have the next one at the usual time. "
                                  "Never have two in one day."), UNVERIFIED, _NOT_IN_SOURCES),
    "romosozumab": RegimenText(_("If you miss an injection, have it as soon as you can, then once a month from "
                                 "then."), UNVERIFIED, _NOT_IN_SOURCES),
    "abaloparatide": RegimenText(_("If you forget an injection, skip it and have the next one at the usual time. "
                                   "Never have two in one day."), UNVERIFIED, _NOT_IN_SOURCES),
}

# The checks before (or with) each dose, in plain words for the patient (the GP letter's MONITORING).
_RENAL_BEFORE_STARTING = RegimenText(_("Before you start, you will have a blood test to check your kidneys."),
                                     VERIFIED, _RULES_S4)
PATIENT_CHECKS = {
    "alendronate": _RENAL_BEFORE_STARTING,
    "risedronate": _RENAL_BEFORE_STARTING,
    "ibandronate": _RENAL_BEFORE_STARTING,
    "zoledronic_acid": RegimenText(_("Before each drip you will have a blood test to check your kidneys; before the "
                                     "first one, it also checks the calcium and vitamin D in your blood. Drink plenty "
                                     "of water on the day."), VERIFIED,
                                   "Medsafe NZ 2010 citing Aclasta advice; MHRA DSU; ROS 2018 via MIMS"),
    "denosumab": RegimenText(_("Before you start, you will have a blood test to check the calcium and vitamin D in "
                               "your blood."), VERIFIED, "FDA boxed warning; ROS 2018 via MIMS"),
    "romosozumab": RegimenText(_("This medicine is not suitable for anyone who has had a heart attack or a stroke: "
                                 "please tell us if you ever have."), VERIFIED,
                               "TGA 2023 safety alert; FDA boxed warning; MIMS"),
}

# How long a patient stays upright, fasting, after an oral bisphosphonate (assessments.thresholds).
UPRIGHT_MINUTES = {"alendronate": int(T.value("upright_minutes")), "risedronate": int(T.value("upright_minutes")),
                   "ibandronate": int(T.value("upright_minutes_ibandronate"))}

# How a patient takes an oral bisphosphonate, in plain words, one step a line.
ORAL_BISPHOSPHONATE_STEPS = tuple(RegimenText(text, VERIFIED, _RULES_S4 + " (oral bisphosphonate absorption)")
                                  for text in (
    _("Take it first thing in the morning, when you get up, before you eat or drink anything."),
    _("Swallow it whole with a full glass of plain tap water (not tea, coffee, juice, milk or mineral water)."),
    _("Then stay sitting or standing up, and do not eat, drink anything but water, or take other medicines "
      "(calcium included) for at least %(minutes)s minutes."),
))

# The route and the interval, in plain words.
PATIENT_ROUTE = {"oral": _("a tablet to swallow"), "iv": _("a drip into a vein (an infusion) in hospital"),
                 "sc": _("an injection under the skin")}
PATIENT_INTERVAL = {"daily": _("once a day"), "weekly": _("once a week, on the same day each week"),
                    "monthly": _("once a month, on the same date each month"), "six_monthly": _("every 6 months"),
                    "yearly": _("once a year")}

# How the course length reads: a review (bisphosphonates), a course at most (anabolic), or continuing (denosumab).
REVIEW, COURSE, CONTINUING = "review", "course", "continuing"


def duration_kind(drug: str) -> str | None:
    if drug in T.BISPHOSPHONATES:
        return REVIEW
    if drug in T.ANABOLIC:
        return COURSE
    if drug == "denosumab":
        return CONTINUING
    return None


def months_label(months: int) -> str:
    label = ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    if months % 12 == 0:
        years = months // 12
        label = str(_("%(months)s (%(years)s)")) % {
            "months": label, "years": ngettext("%(n)d year", "%(n)d years", years) % {"n": years}}
    return label


def duration_text(drug: str, months: int | None) -> str:
    """The planned duration or review, for primary care."""
    kind = duration_kind(drug)
    if kind == CONTINUING:
        return str(_("Long-term, a dose every 6 months: not stopped without follow-on therapy."))
    if months is None:
        return str(_("Not stated."))
    if kind == REVIEW:
        return str(_("Review after %(months)s.")) % {"months": months_label(months)}
    if kind == COURSE:
        return str(_("A course of %(months)s at most, then an antiresorptive.")) % {"months": months_label(months)}
    return str(_("%(months)s, then reviewed.")) % {"months": months_label(months)}


def patient_duration_text(drug: str, months: int | None) -> str:
    """The same, in plain words."""
    kind = duration_kind(drug)
    if kind == CONTINUING:
        return str(_("This is a long-term treatment. Do not stop it, or let an injection be late, without talking "
                     "to us or your GP first: stopping it suddenly can make your bones weaker than before and "
                     "lead to broken bones in the spine. If it is ever stopped, another medicine is started."))
    if months is None:
        return str(_("We will talk with you about how long to take it."))
    if kind == REVIEW:
        return str(_("We will look at your treatment again after %(months)s and decide with you whether to carry "
                     "on.")) % {"months": months_label(months)}
    if kind == COURSE:
        return str(_("The course lasts %(months)s at most. After it, you will need another medicine to keep the "
                     "bone you have gained.")) % {"months": months_label(months)}
    return str(_("We will look at your treatment again after %(months)s.")) % {"months": months_label(months)}
