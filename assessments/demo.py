"""Demo data for the investigate-and-treat steps (called by demo.services.demo_seed for its stages).

Everything goes through assessments.services and so through patients.pathway, exactly as the pages do.
"""
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from . import letters, selectors, services

# The stages this step adds to demo.services.STAGE_PLAN, in pathway order.
STAGES = ("assessed", "awaiting_signoff", "treatment_decided", "letter_sent")

_RECOMMENDATIONS = [("alendronate", 45), ("risedronate", 10), ("zoledronic_acid", 15), ("denosumab", 12),
                    ("teriparatide", 5), ("romosozumab", 3), ("none", 10)]


def _t(rng, centre):
    return Decimal(str(round(rng.gauss(centre, 0.8), 1))).max(Decimal("-5.5")).min(Decimal("2.0"))


def advance(episode, stage: str, *, rng, nurse, clinician, today):
    """Take an episode awaiting assessment on to `stage` (one of STAGES)."""
    days_since = max((today - episode.fracture_date).days, 0)
    assessed_on = episode.fracture_date + timedelta(days=min(days_since, rng.randint(7, 60)))
    services.assessment_record_part(episode=episode, part="summary", by=nurse, expected_version=None,
                                    assessed_on=assessed_on, notes="")
    services.assessment_record_part(
        episode=episode, part="falls", by=nurse, expected_version=None,
        falls_last_12_months=rng.choices([0, 1, 2, 3], weights=[40, 35, 15, 10])[0],
        falls_assessment=rng.choice(["done", "referred", "recommended"]),
        strength_balance=rng.choice(["recommended", "referred"]),
    )
    centre = rng.choice([-3.0, -2.2, -1.4])
    services.assessment_record_part(
        episode=episode, part="dxa", by=nurse, expected_version=None,
        dxa_requested_on=assessed_on, dxa_performed_on=min(today, assessed_on + timedelta(days=rng.randint(0, 25))),
        t_score_lumbar_spine=_t(rng, centre), t_score_total_hip=_t(rng, centre + 0.3),
        t_score_femoral_neck=_t(rng, centre + 0.1),
    )
    services.assessment_record_part(
        episode=episode, part="risk_factors", by=nurse, expected_version=None,
        previous_fracture=episode.previous_fracture_count > 0, current_smoker=rng.random() < 0.15,
        parental_hip_fracture=rng.random() < 0.12, oral_glucocorticoids=False,
        height_cm=Decimal(rng.randint(148, 182)), weight_kg=Decimal(rng.randint(45, 95)),
    )
    services.assessment_record_part(
        episode=episode, part="fracture_risk", by=nurse, expected_version=None,
        frax_mof_percent=Decimal(str(round(rng.uniform(8, 35), 1))),
        frax_hip_percent=Decimal(str(round(rng.uniform(1, 15), 1))), frax_with_bmd=True,
    )
    services.blood_result_add(episode=episode, by=nurse, test="calcium", taken_on=assessed_on,
                              value=Decimal(str(round(rng.uniform(2.1, 2.6), 2))), unit="mmol/L",
                              reference_low=Decimal("2.20"), reference_high=Decimal("2.60"))
    services.blood_result_add(episode=episode, by=nurse, test="vitamin_d", taken_on=assessed_on,
                              value=Decimal(rng.randint(15, 110)), unit="nmol/L",
                              reference_low=Decimal("50"), reference_high=Decimal("175"))
    services.blood_result_add(episode=episode, by=nurse, test="egfr", taken_on=assessed_on,
                              value=Decimal(rng.choices([rng.randint(20, 34), rng.randint(35, 95)], weights=[15, 85])[0]),
                              unit="mL/min/1.73m²", reference_low=Decimal("60"))
    services.assessment_record_part(
        episode=episode, part="safety", by=nurse, expected_version=None,
        prior_mi_or_stroke=rng.choices(["no", "yes", ""], weights=[80, 8, 12])[0],
        oesophageal_disorder=rng.choices(["no", ""], weights=[85, 15])[0], cannot_stay_upright="no",
        skeletal_contraindication="no",
    )
    if rng.random() < 0.2:  # a VFA finds a vertebral fracture the fracture itself did not show
        services.vertebral_fracture_add(episode=episode, by=nurse, found_by="vfa", seen_on=assessed_on,
                                        level=rng.choice(["t11", "t12", "l1", "l2"]), grade=rng.choice(["1", "2", "3"]),
                                        age=rng.choice(["new", "old"]))
    services.assessment_complete(episode=episode, by=nurse)
    if stage == "assessed":
        return
    values, weights = zip(*_RECOMMENDATIONS)
    decision = services.treatment_decision_save(
        episode=episode, by=nurse, recommendation=rng.choices(values, weights=weights)[0],
        calcium_vitamin_d=rng.choice(["start", "continue"]),
    )
    if stage == "awaiting_signoff":
        return
    sign_off(decision, clinician)
    if stage == "treatment_decided":
        return
    record = selectors.episode_assessment_record(episode)
    body = letters.render_letter_body(episode=episode, record=record)
    services.letter_record_sent(
        # Sent on the real date: the sign-off just above was stamped with the real clock.
        episode=episode, by=nurse, sent_on=timezone.localdate(), method="electronic",
        recipient=episode.patient.gp_practice_name or gettext("GP practice"),
        content_html=letters.render_letter_document(body=body, site=episode.site),
    )


def sign_off(decision, clinician):
    """Sign the decision off as a demo clinician would: each safety warning acknowledged with a reason."""
    from .facts import advice_for_episode

    support = advice_for_episode(decision.episode, proposed=decision.recommendation)
    services.treatment_sign_off(decision=decision, by=clinician, acknowledgements={
        w.code: gettext("Discussed with the patient and their GP: the benefit outweighs the risk (demo).")
        for w in support.acknowledgeable})
