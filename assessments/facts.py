"""What the decision support (assessments.decision_support) reads, gathered from all the data an episode holds: the
index fracture, the assessment (DXA, glucocorticoids, FRAX, the safety questions), the vertebral fractures found on
VFA or imaging, the patient's other vertebral fracture episodes (those found by case finding become episodes too),
the latest usable blood results, the site's settings and the FRAX table.

advice_for_episodes reads any number of episodes in a fixed number of queries (the sign-off queue advises 25 rows
at once); advice_for_episode is the same for one.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext, ngettext

from patients.models import EpisodeState, FractureEpisode, FractureSite

from . import decision_support as ds
from .models import (Assessment, BloodResult, BloodTest, DecisionSupportSettings, DoseInterval,
                     FraxInterventionThreshold, Route, TreatmentDecision, VertebralFracture, YesNo)
from .thresholds import FRAX_INTERVENTION_THRESHOLDS, REGIMENS, STATUS_LABELS, VERIFIED

# A result is read in the unit the rules use, or converted from the other usual one; anything else is not used
# (and the note says so). docs/clinical-rules.md#treatment-safety-checks.
_UNITS = {
    BloodTest.EGFR: {"ml/min/1.73m²": 1, "ml/min/1.73m2": 1, "ml/min": 1, "": 1},
    BloodTest.CALCIUM: {"mmol/l": 1, "": 1, "mg/dl": Decimal("0.2495")},
    BloodTest.VITAMIN_D: {"nmol/l": 1, "": 1, "ng/ml": Decimal("2.496")},
}
# A value outside these bounds (in the rules' unit) is taken for a unit mix-up, not read: a blank unit on a
# calcium given in mg/dL (8.8) would otherwise pass as 8.8 mmol/L and hide hypocalcaemia.
_PLAUSIBLE = {BloodTest.EGFR: (Decimal(0), Decimal(200)), BloodTest.CALCIUM: (Decimal("1.0"), Decimal("4.0")),
              BloodTest.VITAMIN_D: (Decimal(0), Decimal(500))}
_FACT = {BloodTest.EGFR: "egfr", BloodTest.CALCIUM: "adjusted_calcium", BloodTest.VITAMIN_D: "vitamin_d"}
# Episodes that never were a fracture of this patient's: their vertebral fracture is not counted.
_NOT_COUNTED = (EpisodeState.EXCLUDED,)


@dataclass
class EpisodeAdvice:
    """The advice for one episode, with the facts it was drawn from (shown beside it)."""
    facts: ds.CaseFacts
    advice: ds.Advice
    vertebral_sources: list[str] = field(default_factory=list)  # where each counted vertebral fracture was found
    unusable_results: list[str] = field(default_factory=list)  # results in a unit the rules cannot read

    @property
    def usual_regimen(self):
        """The proposed drug's usual regimen (assessments.thresholds.REGIMENS), with its status, or None."""
        return REGIMENS.get(self.facts.proposed_treatment)

    @property
    def usual_regimen_checked(self) -> bool:
        r = self.usual_regimen
        return r is not None and r.status == VERIFIED

    @property
    def usual_regimen_status_label(self) -> str:
        """The usual regimen's status (verified, partly verified, unverified), in words."""
        r = self.usual_regimen
        return str(STATUS_LABELS[r.status]) if r is not None else ""

    @property
    def referral_advice(self) -> str:
        return next((n.message for n in self.advice.notes if n.code == "consider_specialist_referral"), "")

    @property
    def usual_regimen_label(self) -> str:
        r = self.usual_regimen
        if r is None:
            return ""
        parts = [r.dose, str(Route(r.route).label).lower(), str(DoseInterval(r.interval).label).lower()]
        if r.duration_months:
            parts.append(ngettext("%(n)d month", "%(n)d months", r.duration_months) % {"n": r.duration_months})
        return ", ".join(parts)

    @property
    def acknowledgeable(self) -> list[ds.Finding]:
        """What a clinician acknowledges, with a reason, to sign off: every warning of the proposed drug."""
        return self.advice.warnings


def _value(result: BloodResult) -> Decimal | None:
    """The result in the unit the rules use, unrounded (a rounding could lift 2.196 mmol/L to 2.20), or None when
    it has no number, is in another unit, or is implausible in this one."""
    factor = _UNITS[result.test].get("".join(result.unit.split()).lower())
    if factor is None or result.value is None:
        return None
    value = result.value * factor
    low, high = _PLAUSIBLE[result.test]
    return value if low <= value <= high else None


def _age(patient, on):
    born = patient.date_of_birth
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def settings_for(site_ids) -> dict[int, ds.Settings]:
    """The settings the rules read at each site: its own calcium threshold and the FRAX table (2 queries)."""
    rows = list(FraxInterventionThreshold.objects.order_by("from_age"))
    table = tuple((r.from_age, r.mof_percent, r.hip_percent) for r in rows) or FRAX_INTERVENTION_THRESHOLDS
    unverified = not rows or not all(r.verified for r in rows)
    calcium = dict(DecisionSupportSettings.objects.filter(site_id__in=site_ids)
                   .values_list("site_id", "adjusted_calcium_low"))
    default = ds.Settings()
    return {site_id: ds.Settings(adjusted_calcium_low=calcium.get(site_id, default.adjusted_calcium_low),
                                 frax_thresholds=table, frax_thresholds_unverified=unverified)
            for site_id in site_ids}


def advice_for_episodes(episodes: list[FractureEpisode], *, proposed: dict[int, str] | None = None
                        ) -> dict[int, EpisodeAdvice]:
    """The advice for each episode (with its patient loaded), by episode id, in 7 queries whatever their number
    (6 when `proposed` names every episode's drug).
    `proposed`: the drug to check for each episode, when it is not the decision's (a form being filled)."""
    if not episodes:
        return {}
    ids = [e.pk for e in episodes]
    assessments = {a.episode_id: a for a in Assessment.objects.filter(episode_id__in=ids)}
    proposed = proposed or {}
    decisions = {} if all(proposed.get(i) for i in ids) else dict(
        TreatmentDecision.objects.filter(episode_id__in=ids).values_list("episode_id", "recommendation"))
    vertebral = _patients_vertebral_fractures(episodes)
    bloods = defaultdict(list)
    for result in (BloodResult.objects.filter(assessment__episode_id__in=ids, test__in=list(_UNITS))
                   .select_related("assessment").only("assessment__episode_id", "test", "test_name", "value", "unit", "result_text",
                                                      "taken_on", "recorded_at", "entered_in_error")):
        bloods[result.assessment.episode_id].append(result)
    others = _other_vertebral_episodes(episodes)
    settings = settings_for({e.site_id for e in episodes})
    return {e.pk: _advise(e, assessments.get(e.pk), bloods[e.pk], vertebral[e.patient_id],
                          proposed.get(e.pk) or decisions.get(e.pk) or "none", others, settings[e.site_id])
            for e in episodes}


def advice_for_episode(episode: FractureEpisode, *, proposed: str | None = None, record: dict | None = None
                       ) -> EpisodeAdvice:
    """The advice for one episode. `record`: its assessment, blood results, vertebral fractures and decision, as
    assessments.selectors.episode_assessment_record read them (then 3 more queries: the patient's other episodes,
    the settings, the FRAX table)."""
    if record is None:
        return advice_for_episodes([episode], proposed={episode.pk: proposed} if proposed else None)[episode.pk]
    decision = record["decision"]
    drug = proposed or (decision.recommendation if decision else "none")
    return _advise(episode, record["assessment"], record["blood_results"], _patients_vertebral_fractures([episode])[
        episode.patient_id], drug, _other_vertebral_episodes([episode]), settings_for({episode.site_id})[episode.site_id])


def _patients_vertebral_fractures(episodes) -> dict[int, list]:
    """The vertebral fractures found on VFA or imaging in any of the patients' episodes (not excluded), by
    patient: a fracture found during an earlier hip fracture's assessment still counts."""
    found = defaultdict(list)
    for fracture in (VertebralFracture.objects
                     .filter(assessment__episode__patient_id__in={e.patient_id for e in episodes})
                     .exclude(assessment__episode__state__in=_NOT_COUNTED)
                     .select_related("assessment__episode")):
        found[fracture.assessment.episode.patient_id].append(fracture)
    return found


def _other_vertebral_episodes(episodes) -> dict[int, list]:
    """The patients' vertebral fracture episodes (the case-finding ones included), by patient."""
    others = defaultdict(list)
    for other in (FractureEpisode.objects.filter(patient_id__in={e.patient_id for e in episodes},
                                                 fracture_site=FractureSite.VERTEBRA)
                  .exclude(state__in=_NOT_COUNTED).only("id", "patient_id", "fracture_date")):
        others[other.patient_id].append(other)
    return others


def _advise(episode, a, bloods, fractures, drug, others, settings) -> EpisodeAdvice:
    on = a.assessed_on if a else episode.identified_on
    sources, dates = [], []
    if episode.fracture_site == FractureSite.VERTEBRA:
        sources.append("index")
        dates.append(episode.fracture_date)
    for other in others[episode.patient_id]:
        if other.pk != episode.pk and other.fracture_date <= on:
            sources.append("episode")
            dates.append(other.fracture_date)
    undated, levels = 0, set()
    for fracture in fractures:
        # Only what had been seen by this assessment; one fracture per vertebral level (the same fracture seen on a
        # VFA and again on a later X-ray counts once); a fracture of no recorded level counts on its own.
        if fracture.entered_in_error or fracture.seen_on > on or (fracture.level and fracture.level in levels):
            continue
        levels.add(fracture.level)
        sources.append(fracture.found_by)
        if fracture.dated:
            dates.append(fracture.dated)
        else:
            undated += 1
    latest = {}
    for result in sorted((b for b in bloods if not b.entered_in_error and b.test in _UNITS),
                         key=lambda b: (b.taken_on or b.recorded_at.date(), b.recorded_at)):
        latest[result.test] = result  # the last in date order wins, a result in words included
    values, unusable, unusable_names = {}, [], set()
    for test, name in _FACT.items():
        result = latest.get(test)
        if result is not None:
            values[name] = _value(result)
            if values[name] is None:
                unusable.append(gettext("%(test)s: %(value)s") % {"test": result.display_name,
                                                                  "value": result.display_value})
                unusable_names.add(name)
    facts = ds.CaseFacts(
        assessment_date=on, index_fracture_site=episode.fracture_site, fracture_date=episode.fracture_date,
        sex={"female": "F", "male": "M"}.get(episode.patient.sex), age=_age(episode.patient, on),
        lowest_t_score=a.lowest_t_score if a else None,
        frax_mof=a.frax_mof_percent if a else None, frax_hip=a.frax_hip_percent if a else None,
        vertebral_fractures=len(sources), last_vertebral_fracture_date=max(dates, default=None),
        undated_vertebral_fractures=undated, glucocorticoids_taken=bool(a and a.oral_glucocorticoids),
        unusable=frozenset(unusable_names),
        glucocorticoid_mg_per_day=a.glucocorticoid_mg_per_day if a and a.oral_glucocorticoids else None,
        glucocorticoid_months=a.glucocorticoid_months if a and a.oral_glucocorticoids else None,
        prior_mi_or_stroke=YesNo.as_bool(a.prior_mi_or_stroke) if a else None,
        oesophageal_disorder=YesNo.as_bool(a.oesophageal_disorder) if a else None,
        cannot_stay_upright=YesNo.as_bool(a.cannot_stay_upright) if a else None,
        skeletal_contraindication=YesNo.as_bool(a.skeletal_contraindication) if a else None,
        proposed_treatment=drug, **values)
    return EpisodeAdvice(facts=facts, advice=ds.advise(facts, settings), vertebral_sources=sources,
                         unusable_results=unusable)
