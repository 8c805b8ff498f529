"""Every rule of assessments.decision_support at and either side of its threshold (docs/clinical-rules.md: WHO class,
the NOGG 2022 very-high-risk indicators, the NOGG FRAX thresholds by age, the treatment safety checks).

The numbers in these tables are the rules' as the document states them, written out here on purpose: a change to
assessments.thresholds that moves a rule fails a test here as well as the document's."""
from datetime import date
from decimal import Decimal

import pytest

from assessments import decision_support as ds
from assessments import thresholds as T

ON = date(2025, 3, 1)


def advise(settings=None, **facts) -> ds.Advice:
    facts = {"assessment_date": ON, "index_fracture_site": "wrist", **facts}
    for name in ("lowest_t_score", "frax_mof", "frax_hip", "glucocorticoid_mg_per_day", "egfr", "adjusted_calcium",
                 "vitamin_d"):
        if isinstance(facts.get(name), str):
            facts[name] = Decimal(facts[name])
    return ds.advise(ds.CaseFacts(**facts), settings)


def very_high(**facts) -> set[str]:
    return {f.code for f in advise(**facts).very_high}


def warnings(**facts) -> set[str]:
    return {f.code for f in advise(**facts).warnings}


def notes(**facts) -> set[str]:
    return {f.code for f in advise(**facts).notes}


# --- WHO class (docs/clinical-rules.md#who-class-from-the-lowest-t-score) ----------------------------------------

@pytest.mark.parametrize(("t_score", "expected"), [
    ("-0.9", ds.NORMAL), ("-1.0", ds.NORMAL), ("-1.1", ds.OSTEOPENIA),
    ("-2.4", ds.OSTEOPENIA), ("-2.5", ds.SEVERE), ("-2.6", ds.SEVERE),
    (None, ds.UNKNOWN),
])
def test_who_class_from_the_lowest_t_score(t_score, expected):
    assert advise(lowest_t_score=t_score).who_class == expected


@pytest.mark.parametrize(("t_score", "expected"), [("-2.4", ds.OSTEOPENIA), ("-2.5", ds.OSTEOPOROSIS)])
def test_without_a_fragility_fracture_osteoporosis_is_not_severe(t_score, expected):
    assert ds.who_class(Decimal(t_score), fragility_fracture=False) == expected


def test_no_t_score_is_a_note():
    assert "t_score_not_recorded" in notes(lowest_t_score=None)
    assert "t_score_not_recorded" not in notes(lowest_t_score="-2.0")


# --- NOGG 2022 very-high-risk indicators (docs/clinical-rules.md#nogg-2022-very-high-risk-indicators) -----------

@pytest.mark.parametrize(("t_score", "flagged"), [("-3.4", False), ("-3.5", True), ("-3.6", True)])
def test_a_t_score_at_or_below_minus_3_5(t_score, flagged):
    assert (ds.VERY_LOW_T in very_high(lowest_t_score=t_score)) is flagged


@pytest.mark.parametrize(("site", "count", "flagged"), [
    ("wrist", None, False), ("wrist", 0, False), ("wrist", 1, False), ("wrist", 2, True), ("wrist", 3, True),
    ("vertebra", None, False),  # the index fracture alone: one
    ("vertebra", 1, False), ("vertebra", 2, True),
])
def test_two_or_more_vertebral_fractures(site, count, flagged):
    facts = dict(index_fracture_site=site, vertebral_fractures=count, last_vertebral_fracture_date=date(2010, 1, 1),
                 fracture_date=date(2010, 1, 1))
    assert (ds.MULTIPLE_VERTEBRAL in very_high(**facts)) is flagged


@pytest.mark.parametrize(("assessed", "last_fracture", "flagged"), [
    (date(2025, 3, 1), date(2023, 2, 28), False),
    (date(2025, 3, 1), date(2023, 3, 1), True),  # two calendar years to the day: inclusive
    (date(2025, 3, 1), date(2023, 3, 2), True),
    (date(2025, 3, 1), date(2025, 3, 1), True),
    # 29 February: two years before it is 28 February
    (date(2024, 2, 29), date(2022, 2, 27), False),
    (date(2024, 2, 29), date(2022, 2, 28), True),
    (date(2024, 2, 29), date(2022, 3, 1), True),
    # a fracture on 29 February, assessed two years on
    (date(2026, 2, 28), date(2024, 2, 29), True),
    (date(2026, 3, 1), date(2024, 2, 29), False),
    (date(2026, 3, 1), date(2024, 3, 1), True),
])
def test_a_recent_vertebral_fracture_is_at_most_two_calendar_years_before_the_assessment(assessed, last_fracture,
                                                                                         flagged):
    found = very_high(assessment_date=assessed, vertebral_fractures=1, last_vertebral_fracture_date=last_fracture)
    assert (ds.RECENT_VERTEBRAL in found) is flagged


@pytest.mark.parametrize(("fracture_date", "flagged"), [(date(2023, 2, 28), False), (date(2023, 3, 1), True)])
def test_a_vertebral_index_fracture_is_a_recent_vertebral_fracture(fracture_date, flagged):
    found = very_high(index_fracture_site="vertebra", fracture_date=fracture_date)
    assert (ds.RECENT_VERTEBRAL in found) is flagged


def test_the_latest_of_the_index_fracture_and_the_others_decides():
    assert ds.RECENT_VERTEBRAL in very_high(index_fracture_site="vertebra", fracture_date=date(2015, 1, 1),
                                            vertebral_fractures=2, last_vertebral_fracture_date=date(2024, 1, 1))
    assert ds.RECENT_VERTEBRAL in very_high(index_fracture_site="vertebra", fracture_date=date(2024, 1, 1),
                                            vertebral_fractures=2, last_vertebral_fracture_date=date(2015, 1, 1))


def test_a_recent_fracture_elsewhere_is_not_a_recent_vertebral_fracture():
    assert very_high(index_fracture_site="hip", fracture_date=date(2025, 2, 1)) == set()


def test_vertebral_fractures_without_a_date_are_a_note_not_a_flag():
    advice = advise(vertebral_fractures=1)
    assert "vertebral_fracture_date_not_recorded" in {n.code for n in advice.notes}
    assert advice.very_high == []
    assert "vertebral_fracture_date_not_recorded" not in notes(vertebral_fractures=0)


@pytest.mark.parametrize(("mg", "months", "flagged"), [
    ("7.4", 3, False), ("7.5", 3, True), ("7.6", 3, True),
    ("7.5", 2, False), ("7.5", 4, True), ("20", 2, False), ("7.4", 120, False),
    ("0", 12, False),
])
def test_high_dose_glucocorticoids_7_5_mg_a_day_for_3_months(mg, months, flagged):
    found = very_high(glucocorticoid_mg_per_day=mg, glucocorticoid_months=months)
    assert (ds.HIGH_DOSE_GLUCOCORTICOIDS in found) is flagged


@pytest.mark.parametrize(("mg", "months", "noted"), [("7.5", None, True), ("7.4", None, False), (None, 6, False)])
def test_a_high_dose_without_its_duration_is_a_note(mg, months, noted):
    advice = advise(glucocorticoid_mg_per_day=mg, glucocorticoid_months=months)
    assert ("glucocorticoid_duration_not_recorded" in {n.code for n in advice.notes}) is noted
    assert advice.very_high == []


# --- NOGG FRAX thresholds by age (docs/clinical-rules.md#nogg-frax-thresholds-by-age) ----------------------------

# The shipped (unverified) table: from age, MOF %, hip %; the very-high threshold is 1.6 times each.
SHIPPED = ((40, "7.6", "1.3"), (45, "8.6", "1.5"), (50, "9.7", "1.8"), (55, "11.3", "2.3"), (60, "13.2", "3.0"),
           (65, "16.3", "4.1"), (70, "20.0", "5.4"))
STEP = Decimal("0.01")


def test_the_shipped_table_is_the_documented_one():
    assert T.FRAX_INTERVENTION_THRESHOLDS == tuple((age, Decimal(m), Decimal(h)) for age, m, h in SHIPPED)
    assert T.value("frax_very_high_factor") == Decimal("1.6")


def _frax_cases():
    for age, mof, hip in SHIPPED:
        for which, limit in (("frax_mof", Decimal(mof)), ("frax_hip", Decimal(hip))):
            very = limit * Decimal("1.6")
            for ages in (age, age + 4):  # the band's first and last year
                yield pytest.param(ages, which, very - STEP, False, id=f"{which}-{ages}-below")
                yield pytest.param(ages, which, very, True, id=f"{which}-{ages}-at")
                yield pytest.param(ages, which, very + STEP, True, id=f"{which}-{ages}-above")


@pytest.mark.parametrize(("age", "which", "probability", "flagged"), list(_frax_cases()))
def test_frax_at_or_above_1_6_times_the_intervention_threshold_for_age(age, which, probability, flagged):
    assert (ds.FRAX_VERY_HIGH in very_high(age=age, **{which: probability})) is flagged


@pytest.mark.parametrize(("age", "flagged"), [(44, True), (45, False), (69, True), (70, False)])
def test_a_band_starts_at_its_age(age, flagged):
    # 12.16 % is 1.6 x 7.6 (from 40) but under 1.6 x 8.6 (from 45); 26.08 % is 1.6 x 16.3 (65) but not 1.6 x 20 (70).
    probability = Decimal("12.16") if age < 50 else Decimal("26.08")
    assert (ds.FRAX_VERY_HIGH in very_high(age=age, frax_mof=probability)) is flagged


def test_from_70_the_threshold_is_fixed():
    assert ds.FRAX_VERY_HIGH in very_high(age=95, frax_mof=Decimal("32.0"))
    assert ds.FRAX_VERY_HIGH not in very_high(age=95, frax_mof=Decimal("31.9"))


def test_a_frax_figure_one_decimal_below_the_unrounded_threshold_is_not_flagged():
    # 1.6 x 9.7 = 15.52: a FRAX of 15.5 % is below it.
    assert ds.FRAX_VERY_HIGH not in very_high(age=50, frax_mof=Decimal("15.5"))
    assert ds.FRAX_VERY_HIGH in very_high(age=50, frax_mof=Decimal("15.6"))


@pytest.mark.parametrize("age", [39, 20])
def test_below_the_table_the_frax_indicator_is_not_assessed(age):
    advice = advise(age=age, frax_mof=Decimal("90"), frax_hip=Decimal("90"))
    assert advice.very_high == []
    assert "frax_age_below_table" in {n.code for n in advice.notes}


def test_frax_without_an_age_or_without_figures_is_a_note():
    assert "age_not_recorded" in notes(age=None, frax_mof=Decimal("90"))
    assert very_high(age=None, frax_mof=Decimal("90")) == set()
    assert "frax_not_recorded" in notes(age=75)
    assert "frax_not_recorded" not in notes(age=75, frax_hip=Decimal("1"))


def test_both_figures_above_make_one_finding_marked_unverified_with_the_shipped_table():
    advice = advise(age=75, frax_mof=Decimal("50"), frax_hip=Decimal("20"))
    assert [f.code for f in advice.very_high] == [ds.FRAX_VERY_HIGH]
    assert advice.very_high[0].unverified
    assert "frax_thresholds_unverified" in {n.code for n in advice.notes}


def test_a_verified_table_of_a_sites_own_is_used_and_not_marked():
    table = ((50, Decimal("10.0"), Decimal("3.0")),)
    settings = ds.Settings(frax_thresholds=table, frax_thresholds_unverified=False)
    advice = advise(settings, age=60, frax_mof=Decimal("16.0"))
    assert [(f.code, f.unverified) for f in advice.very_high] == [(ds.FRAX_VERY_HIGH, False)]
    assert "frax_thresholds_unverified" not in {n.code for n in advice.notes}
    assert advise(settings, age=60, frax_mof=Decimal("15.9")).very_high == []


# --- What very high risk brings -------------------------------------------------------------------------------

def test_very_high_risk_suggests_specialist_referral_and_the_clinician_judges_clinical_risk_factors():
    assert {"consider_specialist_referral", "multiple_clinical_risk_factors"} <= notes(lowest_t_score="-3.5")
    assert "consider_specialist_referral" not in notes(lowest_t_score="-3.4")
    assert "multiple_clinical_risk_factors" in notes(lowest_t_score="-3.4")


# --- Treatment safety checks (docs/clinical-rules.md#treatment-safety-checks) ----------------------------------

RENAL_LIMIT = {"alendronate": "35", "zoledronic_acid": "35", "risedronate": "30", "ibandronate": "30",
               "denosumab": "30", "teriparatide": "30"}


def test_every_renal_limit_is_the_documented_one():
    assert {drug: T.value(key) for drug, key in T.RENAL_THRESHOLD_FOR.items()} == {
        drug: Decimal(limit) for drug, limit in RENAL_LIMIT.items()}


def _renal_cases():
    for drug, limit in RENAL_LIMIT.items():
        limit = Decimal(limit)
        for egfr, warned in ((limit - Decimal("0.1"), True), (limit, False), (limit + Decimal("0.1"), False)):
            yield pytest.param(drug, egfr, warned, id=f"{drug}-{egfr}")


@pytest.mark.parametrize(("drug", "egfr", "warned"), list(_renal_cases()))
def test_renal_impairment_below_each_drugs_egfr_limit(drug, egfr, warned):
    advice = advise(proposed_treatment=drug, egfr=egfr)
    assert (ds.RENAL in {f.code for f in advice.warnings}) is warned
    assert "egfr_used_as_creatinine_clearance" in {n.code for n in advice.notes}


@pytest.mark.parametrize("drug", ["romosozumab", "abaloparatide"])
def test_drugs_without_a_renal_limit_get_no_renal_check(drug):
    assert ds.RENAL not in warnings(proposed_treatment=drug, egfr=Decimal("10"))
    assert "egfr_not_recorded" not in notes(proposed_treatment=drug, egfr=None)


def _calcium_cases():
    for drug in T.DRUGS:
        checked = drug in ("alendronate", "risedronate", "ibandronate", "zoledronic_acid", "denosumab", "romosozumab")
        for calcium, low in (("2.19", True), ("2.20", False), ("2.21", False)):
            yield pytest.param(drug, Decimal(calcium), low and checked, id=f"{drug}-{calcium}")


@pytest.mark.parametrize(("drug", "calcium", "warned"), list(_calcium_cases()))
def test_hypocalcaemia_below_2_20_with_a_bisphosphonate_denosumab_or_romosozumab(drug, calcium, warned):
    assert (ds.HYPOCALCAEMIA in warnings(proposed_treatment=drug, adjusted_calcium=calcium)) is warned


def test_the_calcium_threshold_is_the_sites_setting_and_marked_unverified():
    settings = ds.Settings(adjusted_calcium_low=Decimal("2.30"))
    advice = advise(settings, proposed_treatment="denosumab", adjusted_calcium=Decimal("2.29"))
    hypocalcaemia = [f for f in advice.warnings if f.code == ds.HYPOCALCAEMIA]
    assert hypocalcaemia and hypocalcaemia[0].unverified
    assert "calcium_threshold_unverified" in {n.code for n in advice.notes}
    assert advise(settings, proposed_treatment="denosumab", adjusted_calcium=Decimal("2.30")).warnings == []


def _vitamin_d_cases():
    for drug in T.DRUGS:
        parenteral = drug in ("zoledronic_acid", "denosumab")
        for level, low in (("49.9", True), ("50", False), ("50.1", False)):
            yield pytest.param(drug, Decimal(level), low and parenteral, id=f"{drug}-{level}")


@pytest.mark.parametrize(("drug", "vitamin_d", "warned"), list(_vitamin_d_cases()))
def test_vitamin_d_below_50_before_zoledronic_acid_or_denosumab_but_not_oral_drugs(drug, vitamin_d, warned):
    assert (ds.VITAMIN_D in warnings(proposed_treatment=drug, vitamin_d=vitamin_d)) is warned


@pytest.mark.parametrize(("vitamin_d", "note"), [
    ("24.9", "vitamin_d_deficient"), ("25", "vitamin_d_may_be_inadequate"), ("49.9", "vitamin_d_may_be_inadequate"),
    ("50", None),
])
def test_with_an_oral_drug_a_low_vitamin_d_is_a_note(vitamin_d, note):
    found = notes(proposed_treatment="alendronate", vitamin_d=Decimal(vitamin_d))
    assert found & {"vitamin_d_deficient", "vitamin_d_may_be_inadequate"} == ({note} if note else set())


@pytest.mark.parametrize(("prior", "warned", "noted"), [(True, True, False), (False, False, False),
                                                         (None, False, True)])
def test_romosozumab_after_a_myocardial_infarction_or_stroke(prior, warned, noted):
    advice = advise(proposed_treatment="romosozumab", prior_mi_or_stroke=prior)
    assert (ds.CARDIOVASCULAR in {f.code for f in advice.warnings}) is warned
    assert ("prior_mi_or_stroke_not_recorded" in {n.code for n in advice.notes}) is noted


@pytest.mark.parametrize("drug", [d for d in T.DRUGS if d != "romosozumab"])
def test_a_myocardial_infarction_or_stroke_is_no_warning_with_other_drugs(drug):
    assert ds.CARDIOVASCULAR not in warnings(proposed_treatment=drug, prior_mi_or_stroke=True)
    assert "prior_mi_or_stroke_not_recorded" not in notes(proposed_treatment=drug)


# What each drug's rules need, and the note a blank value gives instead of a warning.
NEEDED = {
    "alendronate": {"egfr_not_recorded", "adjusted_calcium_not_recorded"},
    "risedronate": {"egfr_not_recorded", "adjusted_calcium_not_recorded"},
    "ibandronate": {"egfr_not_recorded", "adjusted_calcium_not_recorded"},
    "zoledronic_acid": {"egfr_not_recorded", "adjusted_calcium_not_recorded", "vitamin_d_not_recorded"},
    "denosumab": {"egfr_not_recorded", "adjusted_calcium_not_recorded", "vitamin_d_not_recorded"},
    "teriparatide": {"egfr_not_recorded"},
    "romosozumab": {"adjusted_calcium_not_recorded", "prior_mi_or_stroke_not_recorded"},
    "abaloparatide": set(),
}
NOT_RECORDED = {"egfr_not_recorded", "adjusted_calcium_not_recorded", "vitamin_d_not_recorded",
                "prior_mi_or_stroke_not_recorded"}


@pytest.mark.parametrize("drug", T.DRUGS)
def test_blank_values_give_their_not_recorded_notes_and_no_warning(drug):
    advice = advise(proposed_treatment=drug)
    assert advice.warnings == []
    assert {n.code for n in advice.notes} & NOT_RECORDED == NEEDED[drug]


@pytest.mark.parametrize("drug", T.DRUGS)
def test_recorded_normal_values_give_no_not_recorded_note(drug):
    advice = advise(proposed_treatment=drug, egfr=Decimal("90"), adjusted_calcium=Decimal("2.4"),
                    vitamin_d=Decimal("75"), prior_mi_or_stroke=False)
    assert advice.warnings == []
    assert {n.code for n in advice.notes} & NOT_RECORDED == set()


@pytest.mark.parametrize(("drug", "note"), [("none", "no_drug_proposed"), ("", "no_drug_proposed"),
                                            ("raloxifene", "no_safety_rules_for_drug")])
def test_no_drug_or_a_drug_without_rules_gets_no_safety_check(drug, note):
    advice = advise(proposed_treatment=drug, egfr=Decimal("5"), adjusted_calcium=Decimal("1.5"),
                    vitamin_d=Decimal("5"), prior_mi_or_stroke=True)
    assert advice.warnings == []
    assert note in {n.code for n in advice.notes}


@pytest.mark.parametrize(("drug", "minutes"), [("alendronate", 30), ("risedronate", 30), ("ibandronate", 60)])
def test_oral_bisphosphonate_contraindications(drug, minutes):
    assert ds.OESOPHAGEAL in warnings(proposed_treatment=drug, oesophageal_disorder=True)
    assert "oesophageal_disorder_not_recorded" in notes(proposed_treatment=drug)
    upright = [f for f in advise(proposed_treatment=drug, cannot_stay_upright=True).warnings
               if f.code == ds.CANNOT_STAY_UPRIGHT]
    assert upright and f"{minutes} minutes" in upright[0].message
    assert ds.OESOPHAGEAL not in warnings(proposed_treatment="zoledronic_acid", oesophageal_disorder=True)


@pytest.mark.parametrize(("drug", "warned"), [("teriparatide", True), ("abaloparatide", True), ("denosumab", False)])
def test_skeletal_contraindications_of_the_anabolic_drugs(drug, warned):
    assert (ds.SKELETAL in warnings(proposed_treatment=drug, skeletal_contraindication=True)) is warned


def test_every_code_the_rules_give_is_documented_as_a_note_or_a_code():
    advice = advise(lowest_t_score="-4", vertebral_fractures=3, last_vertebral_fracture_date=date(2024, 1, 1),
                    glucocorticoid_mg_per_day="10", glucocorticoid_months=6, age=75, frax_mof="50",
                    proposed_treatment="denosumab", egfr="20", adjusted_calcium="2.0", vitamin_d="20")
    assert {f.code for f in advice.very_high} == set(ds.VERY_HIGH_CODES)
    assert {f.code for f in advice.warnings} == {ds.RENAL, ds.HYPOCALCAEMIA, ds.VITAMIN_D}
    assert {n.code for n in advice.notes} <= set(ds.NOTE_CODES)
