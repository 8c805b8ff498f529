"""The letters generated from the record: to primary care (the GP letter) and to the patient, in plain words.

The wording lives in templates a site can adapt: `assessments/letters/<site code>/<letter>.html` is used when it
exists, otherwise `assessments/letters/<letter>.html`. The same body is shown as a printable page and, in the
document every letter shares (fls.pdf.letter_document), rendered to PDF. What a letter says about a drug's regimen
(monitoring, a missed dose, how to take it) is data, with its status, in assessments.regimen_text.
"""
from dataclasses import dataclass, field

from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from fls import pdf
from fls.reactions import Reactions

from . import regimen_text as RT
from . import thresholds as T
from .facts import advice_for_episode
from .models import DoseInterval, Initiator, LetterKind, LetterMethod, Recommendation, Route
from .rules import follow_up_plan

TEMPLATES = {LetterKind.GP: "gp_letter.html", LetterKind.PATIENT: "patient_letter.html"}
TITLES = {LetterKind.GP: _("Letter to primary care"), LetterKind.PATIENT: _("Letter to the patient")}


def letter_template_names(site, kind: str = LetterKind.GP) -> list[str]:
    """The site's own copy first, then its country's form (Japan's doctors expect the referral form,
    診療情報提供書), then the letter every site shares."""
    name = TEMPLATES[kind]
    return [f"assessments/letters/{site.code}/{name}", f"assessments/letters/country/{site.country.lower()}/{name}",
            f"assessments/letters/{name}"]


# Who does what next, by who initiates treatment (docs/clinical-rules.md#fls-models-a-to-d).
NEXT_STEPS = {
    Initiator.FLS: _("The Fracture Liaison Service will start the treatment recommended above and review it with "
                     "the patient. Please add it to the patient's repeat prescriptions and continue it."),
    Initiator.PRIMARY_CARE: _("Please start the treatment recommended above. The Fracture Liaison Service has "
                              "assessed the patient and will check at follow-up that it has started."),
    Initiator.SPECIALIST: _("The patient has been referred to a specialist, who will start the treatment. Please "
                            "continue it once started."),
    Initiator.PRIMARY_CARE_INFORMED: _("We are letting you know about this fragility fracture so that you can "
                                       "assess the patient's bone health and consider treatment."),
    Initiator.PATIENT_INFORMED: _("The patient has been given information about bone health after a fracture. "
                                  "No assessment has been made by the Fracture Liaison Service."),
}
# The same, for the patient.
PATIENT_NEXT_STEPS = {
    Initiator.FLS: _("The Fracture Liaison Service will start this treatment with you. Your GP practice will then "
                     "carry on prescribing it."),
    Initiator.PRIMARY_CARE: _("We have written to your GP practice, who will start this treatment. If you have not "
                              "heard from them within a month, please contact them."),
    Initiator.SPECIALIST: _("A bone specialist will see you and start this treatment."),
    Initiator.PRIMARY_CARE_INFORMED: _("We have written to your GP practice, who will talk with you about your bone "
                                       "health and treatment."),
    Initiator.PATIENT_INFORMED: _("This letter tells you about bone health after a fracture."),
}

# The decision support's notes that matter to primary care (assessments.decision_support.NOTE_CODES): a value a
# safety rule needs that is missing, a number used as a proxy or unverified, a check the prescriber makes. The
# rest (FRAX, risk indicators, advice the regimen states already) stays on the clinician's pages.
PRIMARY_CARE_NOTES = (
    "egfr_not_recorded", "egfr_used_as_creatinine_clearance", "adjusted_calcium_not_recorded",
    "calcium_threshold_unverified", "vitamin_d_not_recorded", "vitamin_d_deficient", "vitamin_d_may_be_inadequate",
    "prior_mi_or_stroke_not_recorded", "oesophageal_disorder_not_recorded", "teriparatide_contraindications",
    "abaloparatide_rules_unverified", "no_safety_rules_for_drug",
)

# Where the patient letter reads the episode's follow-up contacts from: the follow-up app registers
# `planned contacts` (episode → [(weeks, due date, done)]) at start-up, since assessments never imports a later
# step (style.md, "Imports flow one way"). Without it, or with no follow-up yet, the letter states the plan.
PLANNED_CONTACTS = Reactions("the patient letter", ("planned contacts",))


def register_planned_contacts(provider) -> None:
    PLANNED_CONTACTS.register("planned contacts", provider)


@dataclass(frozen=True)
class PlanText:
    text: str
    status: str  # assessments.thresholds: verified, partly verified, unverified

    @property
    def verified(self) -> bool:
        return self.status == T.VERIFIED

    @property
    def status_label(self) -> str:
        return str(T.STATUS_LABELS[self.status])


def _plan_text(entry: RT.RegimenText | None, **values) -> PlanText | None:
    return PlanText(entry.render(**values), entry.status) if entry else None


@dataclass
class TreatmentPlan:
    """The decision's drug and regimen as the letters state it. A regimen field left blank on the decision is the
    drug's usual one (assessments.thresholds.REGIMENS), and the letter says so."""
    drug: str
    label: str
    dose: str
    route: str
    interval: str
    duration_months: int | None
    from_usual: list[str] = field(default_factory=list)  # the fields taken from the drug's usual regimen
    usual_status: str = T.VERIFIED

    @property
    def route_label(self) -> str:
        return str(Route(self.route).label) if self.route in Route.values else ""

    @property
    def interval_label(self) -> str:
        return str(DoseInterval(self.interval).label) if self.interval in DoseInterval.values else ""

    @property
    def usual_status_label(self) -> str:
        return str(T.STATUS_LABELS[self.usual_status])

    @property
    def duration(self) -> str:
        return RT.duration_text(self.drug, self.duration_months)

    @property
    def monitoring(self) -> list[PlanText]:
        return [_plan_text(entry) for entry in RT.MONITORING.get(self.drug, ())]

    @property
    def missed_dose(self) -> PlanText | None:
        return _plan_text(RT.MISSED_DOSE.get(self.drug))

    @property
    def has_rules(self) -> bool:
        """Whether the app holds this drug's regimen texts (not for raloxifene, HRT or another drug)."""
        return self.drug in T.REGIMENS

    # In plain words, for the patient.
    @property
    def patient_route(self) -> str:
        return str(RT.PATIENT_ROUTE.get(self.route, ""))

    @property
    def patient_interval(self) -> str:
        return str(RT.PATIENT_INTERVAL.get(self.interval, ""))

    @property
    def patient_duration(self) -> str:
        return RT.patient_duration_text(self.drug, self.duration_months)

    @property
    def patient_missed_dose(self) -> PlanText | None:
        return _plan_text(RT.PATIENT_MISSED_DOSE.get(self.drug))

    @property
    def patient_checks(self) -> PlanText | None:
        return _plan_text(RT.PATIENT_CHECKS.get(self.drug))

    @property
    def upright_minutes(self) -> int | None:
        return RT.UPRIGHT_MINUTES.get(self.drug)

    @property
    def patient_steps(self) -> list[PlanText]:
        """How to take an oral bisphosphonate, step by step (none for another drug)."""
        if self.drug not in T.ORAL_BISPHOSPHONATES:
            return []
        return [_plan_text(step, minutes=self.upright_minutes) for step in RT.ORAL_BISPHOSPHONATE_STEPS]

    @property
    def is_oral_bisphosphonate(self) -> bool:
        return self.drug in T.ORAL_BISPHOSPHONATES

    @property
    def is_denosumab(self) -> bool:
        return self.drug == "denosumab"

    @property
    def is_anabolic(self) -> bool:
        return self.drug in T.ANABOLIC


def treatment_plan(decision) -> TreatmentPlan | None:
    """The plan a decision states, or None when it recommends no drug."""
    if decision is None or decision.recommendation == Recommendation.NONE:
        return None
    usual = T.REGIMENS.get(decision.recommendation)
    plan = TreatmentPlan(drug=decision.recommendation, label=decision.recommendation_label, dose=decision.dose,
                         route=decision.route, interval=decision.interval, duration_months=decision.duration_months)
    if usual is not None:
        for name in ("dose", "route", "interval", "duration_months"):
            if getattr(plan, name) in ("", None) and getattr(usual, name) is not None:
                setattr(plan, name, getattr(usual, name))
                plan.from_usual.append(name)
        plan.usual_status = usual.status
    return plan


def safety_checks(support, decision, acknowledgements) -> dict | None:
    """What the GP letter's "Safety checks made" says: the proposed drug's warnings, each with its acknowledgement
    at sign-off if there is one; warnings acknowledged at sign-off that no longer fire; the notes that matter to
    primary care (a missing value a rule needs: "eGFR not recorded"); the values the checks read."""
    if support is None or decision is None or decision.recommendation == Recommendation.NONE:
        return None
    by_code = {a.code: a for a in acknowledgements}
    warnings = [{"finding": w, "acknowledgement": by_code.pop(w.code, None)} for w in support.advice.warnings]
    drug, facts = decision.recommendation, support.facts
    values = []
    if drug in T.RENAL_THRESHOLD_FOR and facts.egfr is not None:
        values.append(gettext("eGFR %(value)s mL/min/1.73m²") % {"value": _number(facts.egfr)})
    if drug in T.CALCIUM_CHECKED and facts.adjusted_calcium is not None:
        values.append(gettext("adjusted calcium %(value)s mmol/L") % {"value": _number(facts.adjusted_calcium)})
    if drug in T.VITAMIN_D_CHECKED and facts.vitamin_d is not None:
        values.append(gettext("25-OH vitamin D %(value)s nmol/L") % {"value": _number(facts.vitamin_d)})
    if drug == "romosozumab" and facts.prior_mi_or_stroke is False:
        values.append(gettext("no myocardial infarction or stroke"))
    if drug in T.ORAL_BISPHOSPHONATES and facts.oesophageal_disorder is False:
        values.append(gettext("no oesophageal stricture or achalasia"))
    return {
        "warnings": warnings,
        "acknowledged_earlier": list(by_code.values()),
        "notes": [n for n in support.advice.notes if n.code in PRIMARY_CARE_NOTES],
        "values": values,
        "unusable_results": support.unusable_results,
    }


def _number(value) -> str:
    return f"{value.normalize():f}"


def planned_contacts(episode) -> list[tuple[int, object, bool]]:
    """The follow-up contacts the patient letter states: (weeks, around which day, done), from the episode's
    follow-ups when it has some, else the plan from the fracture date
    (docs/clinical-rules.md#contacts-at-4-12-and-52-weeks)."""
    for provider in PLANNED_CONTACTS:
        contacts = provider(episode)
        if contacts:
            return contacts
    return [(weeks, day, False) for weeks, day in follow_up_plan(episode.fracture_date)]


def letter_context(*, episode, record: dict, kind: str = LetterKind.GP) -> dict:
    assessment, decision = record["assessment"], record["decision"]
    support = advice_for_episode(episode, record=record) if assessment else None
    today = timezone.localdate()
    context = {
        "episode": episode,
        "patient": episode.patient,
        "site": episode.site,
        "assessment": assessment,
        "support": support,
        "vertebral_fractures": [f for f in record["vertebral_fractures"] if not f.entered_in_error],
        "abnormal_bloods": [b for b in record["blood_results"] if b.is_out_of_range and not b.entered_in_error],
        "blood_results": [b for b in record["blood_results"] if not b.entered_in_error],
        "decision": decision,
        "plan": treatment_plan(decision),
        "follow_up_plan": follow_up_plan(episode.fracture_date),
        "letter_date": today,
        "age": episode.patient.age_on(today),
        "is_draft": decision is None or not decision.is_signed_off,
    }
    if kind == LetterKind.GP:
        acknowledgements = list(decision.acknowledgements.select_related("by")) if decision else []
        context["next_steps"] = NEXT_STEPS.get(decision.initiated_by, "") if decision else ""
        context["safety"] = safety_checks(support, decision, acknowledgements)
    else:
        context["next_steps"] = PATIENT_NEXT_STEPS.get(decision.initiated_by, "") if decision else ""
        context["contacts"] = planned_contacts(episode)
    return context


def render_letter_body(*, episode, record: dict, kind: str = LetterKind.GP) -> str:
    """The letter's body, in the language of the episode's site (fls.pdf.letter_language)."""
    template = select_template(letter_template_names(episode.site, kind))
    with pdf.letter_language(episode.site):
        return template.render(letter_context(episode=episode, record=record, kind=kind))


def render_letter_document(*, body: str, site, kind: str = LetterKind.GP) -> str:
    """The standalone HTML document of the letter: stored when it is sent, and what the PDF is made from; in
    the language of `site`, as its body is."""
    with pdf.letter_language(site):
        return pdf.letter_document(body=body, title=str(TITLES[kind]))


def sent_form_initial(episode, *, kind: str) -> dict:
    """What the "record as sent" form starts with: the GP practice by post, or the patient, handed the letter."""
    patient = episode.patient
    if kind == LetterKind.PATIENT:
        return {"recipient": patient.full_name, "method": LetterMethod.HANDED}
    return {"recipient": patient.gp_practice_name}
