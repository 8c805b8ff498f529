"""The course plan of every drug (docs/clinical-rules.md#course-plans): the next dose, due and overdue at and either
side of their days, course ends, drug-holiday reviews, late doses, stops and switches, calendar months clamped to
the month's end. Pure rules, no database. Dates are written out, never computed with the module's own arithmetic."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from assessments import thresholds as T
from treatment.course_plan import (
    ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON, COURSE_ENDING, COURSE_RULES, DENOSUMAB_FOLLOW_ON_LATE,
    DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON, DOSE_DUE, DOSE_OVERDUE, ESCALATED_CODES, ITEM_CODES, REASONS_TO_CONTINUE,
    REVIEW_DUE, CoursePlanSettings, ReviewFacts, Stop, add_months, course_plan, reasons_to_continue,
)

START = date(2025, 1, 10)  # sign-off and first dose
DAY = timedelta(days=1)


def plan_for(drug, *, start=START, today=START, doses=(START,), **kwargs):
    return course_plan(drug=drug, start=start, today=today, doses=doses, **kwargs)


def test_every_drug_with_a_regimen_has_course_rules():
    assert set(COURSE_RULES) == set(T.REGIMENS)


def test_the_numbers_are_the_data_modules():
    assert T.THRESHOLDS["denosumab_overdue_months"].value == 7
    assert T.THRESHOLDS["denosumab_overdue_months"].status == T.VERIFIED
    assert T.THRESHOLDS["zoledronic_acid_overdue_months"].status == T.UNVERIFIED
    assert T.THRESHOLDS["course_booking_lead_days"].status == T.UNVERIFIED
    assert CoursePlanSettings() == CoursePlanSettings(booking_lead_days=28, zoledronic_acid_overdue_months=15)


# drug: (next dose, course end, review), the first dose given on START (10 Jan 2025), the usual regimen.
PLANS = {
    "alendronate": (None, None, date(2030, 1, 10)),
    "risedronate": (None, None, date(2030, 1, 10)),
    "ibandronate": (None, None, date(2030, 1, 10)),
    "zoledronic_acid": (date(2026, 1, 10), None, date(2028, 1, 10)),
    "denosumab": (date(2025, 7, 10), None, None),
    "teriparatide": (None, date(2027, 1, 10), None),
    "romosozumab": (None, date(2026, 1, 10), None),
    "abaloparatide": (None, date(2026, 7, 10), None),
}


@pytest.mark.parametrize("drug", T.REGIMENS)
def test_each_drugs_plan_from_its_usual_regimen(drug):
    plan = plan_for(drug)
    assert (plan.next_dose, plan.course_end, plan.review_on) == PLANS[drug]


@pytest.mark.parametrize("drug", [d for d in T.REGIMENS if d not in ("denosumab", "zoledronic_acid")])
def test_a_drug_the_patient_takes_has_no_dose_items(drug):
    # Oral bisphosphonates, teriparatide and abaloparatide daily, romosozumab monthly (booked as a course).
    plan = plan_for(drug, today=date(2029, 12, 31))
    assert plan.next_dose is None
    assert not {DOSE_DUE, DOSE_OVERDUE} & {item.code for item in plan.items}


# (drug, code, the date it refers to, the day it appears: 28 days before).
DUE = [
    ("alendronate", REVIEW_DUE, date(2030, 1, 10), date(2029, 12, 13)),
    ("risedronate", REVIEW_DUE, date(2030, 1, 10), date(2029, 12, 13)),
    ("ibandronate", REVIEW_DUE, date(2030, 1, 10), date(2029, 12, 13)),
    ("zoledronic_acid", DOSE_DUE, date(2026, 1, 10), date(2025, 12, 13)),
    ("zoledronic_acid", REVIEW_DUE, date(2028, 1, 10), date(2027, 12, 13)),
    ("denosumab", DOSE_DUE, date(2025, 7, 10), date(2025, 6, 12)),
    ("teriparatide", COURSE_ENDING, date(2027, 1, 10), date(2026, 12, 13)),
    ("romosozumab", COURSE_ENDING, date(2026, 1, 10), date(2025, 12, 13)),
    ("abaloparatide", COURSE_ENDING, date(2026, 7, 10), date(2026, 6, 12)),
]


def test_every_drug_has_a_due_row():
    assert {row[0] for row in DUE} == set(T.REGIMENS)


@pytest.mark.parametrize(("drug", "code", "refers_to", "appears_from"), DUE)
def test_due_from_the_lead_time_before_its_date(drug, code, refers_to, appears_from):
    # A zoledronic acid course gets its next infusion before the review: given on time here.
    doses = (START, date(2026, 1, 10), date(2027, 1, 10)) if code == REVIEW_DUE and drug == "zoledronic_acid" \
        else (START,)
    plan = plan_for(drug, doses=doses)
    item = plan.item(code)
    assert (item.refers_to, item.appears_from) == (refers_to, appears_from)
    assert code not in plan.codes(appears_from - DAY)
    assert code in plan.codes(appears_from)
    assert code in plan.codes(appears_from + DAY)
    assert code in plan.codes(refers_to + timedelta(days=20))  # still showing until it is dealt with
    assert not item.escalate


@pytest.mark.parametrize(("lead_days", "appears_from"), [(28, date(2025, 6, 12)), (14, date(2025, 6, 26)),
                                                         (0, date(2025, 7, 10))])
def test_the_lead_time_is_a_setting(lead_days, appears_from):
    plan = plan_for("denosumab", settings=CoursePlanSettings(booking_lead_days=lead_days))
    assert plan.dose_due_from == appears_from
    assert DOSE_DUE not in plan.codes(appears_from - DAY)
    assert DOSE_DUE in plan.codes(appears_from)


# (drug, last dose, the last day not overdue, settings): overdue from the next day.
OVERDUE = [
    ("denosumab", date(2025, 1, 10), date(2025, 8, 10), CoursePlanSettings()),  # 7 months exactly
    ("zoledronic_acid", date(2025, 1, 10), date(2026, 4, 10), CoursePlanSettings()),  # 15 months, a setting
    ("zoledronic_acid", date(2025, 1, 10), date(2026, 2, 10), CoursePlanSettings(zoledronic_acid_overdue_months=13)),
    # The limit never comes before the dose itself (a setting shorter than the interval).
    ("zoledronic_acid", date(2025, 1, 10), date(2026, 1, 10), CoursePlanSettings(zoledronic_acid_overdue_months=6)),
]


@pytest.mark.parametrize(("drug", "last_dose", "last_day_not_overdue", "settings"), OVERDUE)
def test_overdue_the_day_after_the_limit_since_the_last_dose(drug, last_dose, last_day_not_overdue, settings):
    plan = plan_for(drug, doses=(last_dose,), settings=settings)
    assert plan.dose_overdue_from == last_day_not_overdue + DAY
    assert plan.codes(last_day_not_overdue - DAY) == [DOSE_DUE]
    assert plan.codes(last_day_not_overdue) == [DOSE_DUE]
    # Overdue: the due item gives way, one line per dose.
    assert plan.codes(last_day_not_overdue + DAY) == [DOSE_OVERDUE]
    assert plan.codes(last_day_not_overdue + timedelta(days=60)) == [DOSE_OVERDUE]
    overdue = plan.item(DOSE_OVERDUE)
    assert overdue.escalate
    assert overdue.refers_to == plan.next_dose
    assert overdue.unverified == (drug == "zoledronic_acid")


def test_the_denosumab_overdue_message_says_why():
    message = plan_for("denosumab").item(DOSE_OVERDUE).message
    assert "more than 7 months since the last on 10 Jan 2025" in message
    assert "new vertebral fractures" in message


def test_a_dose_given_late_moves_the_next_one():
    late = date(2025, 9, 1)  # due 10 Jul 2025, given 1 Sep 2025
    plan = plan_for("denosumab", doses=(late, START), today=date(2026, 3, 5))  # any order
    assert (plan.last_dose, plan.next_dose) == (late, date(2026, 3, 1))
    assert plan.dose_due_from == date(2026, 2, 1)
    assert plan.dose_overdue_from == date(2026, 4, 2)  # 7 months after 1 Sep 2025 is 1 Apr 2026
    assert plan.codes() == [DOSE_DUE]
    assert plan.course_start == START


def test_a_zoledronic_acid_infusion_given_late_counts_from_that_infusion():
    plan = plan_for("zoledronic_acid", doses=(START, date(2026, 3, 20)))
    assert plan.next_dose == date(2027, 3, 20)
    assert plan.review_on == date(2028, 1, 10)  # the review still counts from the course start


@pytest.mark.parametrize(("drug", "first_overdue_day"), [("denosumab", date(2025, 2, 11)),
                                                         ("zoledronic_acid", date(2025, 4, 11))])
def test_with_no_dose_yet_the_first_is_due_from_the_start(drug, first_overdue_day):
    plan = plan_for(drug, doses=())
    assert plan.last_dose is None
    assert plan.next_dose == START
    assert plan.codes(START - timedelta(days=29)) == []
    assert plan.codes(START) == [DOSE_DUE]
    assert "first dose due on 10 Jan 2025" in plan.item(DOSE_DUE).message
    # Overdue once as late as a later dose may be: the limit less the interval (the project's choice).
    assert plan.codes(first_overdue_day - DAY) == [DOSE_DUE]
    assert plan.codes(first_overdue_day) == [DOSE_OVERDUE]
    assert plan.item(DOSE_OVERDUE).unverified
    assert [(e.kind, e.on) for e in plan.timeline][:2] == [("started", START), ("next_dose", START)]


@pytest.mark.parametrize(("drug", "end_or_review"), [("teriparatide", date(2027, 3, 1)),
                                                     ("alendronate", date(2030, 3, 1))])
def test_the_course_counts_from_the_first_dose_given_else_the_start(drug, end_or_review):
    assert plan_for(drug, doses=()).course_start == START
    plan = plan_for(drug, doses=(date(2025, 3, 1),))  # signed off 10 Jan, started 1 Mar
    assert plan.course_start == date(2025, 3, 1)
    assert (plan.course_end or plan.review_on) == end_or_review


@pytest.mark.parametrize(("drug", "unverified"), [("teriparatide", False), ("romosozumab", False),
                                                  ("abaloparatide", True)])
def test_an_anabolic_course_end_asks_for_the_antiresorptive(drug, unverified):
    item = plan_for(drug).item(COURSE_ENDING)
    assert "the antiresorptive that follows it" in item.message
    assert item.unverified is unverified


def test_the_regimen_on_the_decision_wins_over_the_usual_one():
    plan = plan_for("alendronate", duration_months=120)
    assert plan.review_on == date(2035, 1, 10)
    assert "120 months (10 years)" in plan.item(REVIEW_DUE).message
    assert plan_for("denosumab", interval="yearly").next_dose == date(2026, 1, 10)


def test_the_review_carries_the_reasons_to_continue():
    item = plan_for("ibandronate").item(REVIEW_DUE)
    assert [r.code for r in item.reasons_to_continue] == [
        "age_75_or_over", "prior_hip_or_vertebral_fracture", "fracture_on_treatment", "high_dose_glucocorticoids",
        "hip_t_score_at_review"]
    assert [r.status for r in item.reasons_to_continue] == [T.VERIFIED, T.VERIFIED] + [T.UNVERIFIED] * 3
    assert "aged 75 or over; a hip or vertebral fracture" in item.message
    assert "a hip T-score of -2.5 or below at the review (unverified)" in item.message


@pytest.mark.parametrize(("facts", "codes"), [
    (ReviewFacts(), []),
    (ReviewFacts(age=74), []),
    (ReviewFacts(age=75), ["age_75_or_over"]),
    (ReviewFacts(prior_hip_or_vertebral_fracture=True), ["prior_hip_or_vertebral_fracture"]),
    (ReviewFacts(fracture_on_treatment=True), ["fracture_on_treatment"]),
    (ReviewFacts(glucocorticoid_mg_per_day=Decimal("7.4")), []),
    (ReviewFacts(glucocorticoid_mg_per_day=Decimal("7.5")), ["high_dose_glucocorticoids"]),
    (ReviewFacts(hip_t_score=Decimal("-2.4")), []),
    (ReviewFacts(hip_t_score=Decimal("-2.5")), ["hip_t_score_at_review"]),
    (ReviewFacts(age=80, hip_t_score=Decimal("-3.0")), ["age_75_or_over", "hip_t_score_at_review"]),
])
def test_the_reasons_to_continue_a_review_shows(facts, codes):
    assert [reason.code for reason in reasons_to_continue(facts)] == codes


@pytest.mark.parametrize("drug", T.REGIMENS)
def test_a_stop_ends_the_doses_course_end_and_review(drug):
    stop = Stop(on=date(2025, 6, 1), follow_on_drug="alendronate" if drug != "alendronate" else "denosumab",
                follow_on_starts_on=date(2025, 7, 10))
    plan = plan_for(drug, stop=stop, today=date(2031, 1, 1))
    assert plan.next_dose is None
    assert plan.items == ()
    assert not {"next_dose", "course_end", "review"} & {e.kind for e in plan.timeline}
    assert [(e.kind, e.on) for e in plan.timeline][-2:] == [("stopped", date(2025, 6, 1)),
                                                           ("follow_on", date(2025, 7, 10))]


def test_a_bisphosphonate_stopped_without_a_follow_on_is_a_drug_holiday_with_no_item():
    plan = plan_for("zoledronic_acid", doses=(START, date(2026, 1, 10), date(2027, 1, 10)),
                    stop=Stop(on=date(2028, 1, 10)), today=date(2028, 6, 1))
    assert plan.items == ()
    assert [e.kind for e in plan.timeline] == ["started", "dose_given", "dose_given", "dose_given", "review",
                                               "stopped"]


@pytest.mark.parametrize("drug", T.ANABOLIC)
def test_an_anabolic_drug_stopped_without_a_follow_on_asks_for_one(drug):
    plan = plan_for(drug, stop=Stop(on=date(2025, 11, 3)))
    assert plan.codes(date(2025, 11, 2)) == []
    assert plan.codes(date(2025, 11, 3)) == [ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON]
    assert plan.item(ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON).refers_to == date(2025, 11, 3)


def test_denosumab_stopped_without_a_follow_on_is_an_item_of_its_own():
    last = date(2025, 7, 14)
    plan = plan_for("denosumab", doses=(START, last), stop=Stop(on=date(2025, 9, 1)))
    assert [item.code for item in plan.items] == [DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON]
    item = plan.items[0]
    assert (item.refers_to, item.appears_from, item.escalate) == (date(2026, 1, 14), date(2025, 9, 1), True)
    assert "never simply stopped" in item.message and "14 Jan 2026" in item.message
    assert ("follow_on", date(2026, 1, 14)) in [(e.kind, e.on) for e in plan.timeline]


@pytest.mark.parametrize(("starts_on", "codes"), [
    (date(2025, 7, 10), []),  # 6 months after the last injection, as ECTS advises
    (date(2025, 8, 10), []),  # 7 months exactly
    (date(2025, 8, 11), [DENOSUMAB_FOLLOW_ON_LATE]),  # a day more
    (None, []),  # not known: nothing to check (the stop form asks for it)
])
def test_denosumab_switched_to_a_follow_on(starts_on, codes):
    stop = Stop(on=date(2025, 6, 20), follow_on_drug="zoledronic_acid", follow_on_starts_on=starts_on)
    plan = plan_for("denosumab", stop=stop)
    assert [item.code for item in plan.items] == codes
    if codes:
        assert plan.items[0].escalate
        assert "Start it by 10 Aug 2025" in plan.items[0].message


def test_denosumab_stopped_before_any_dose_has_no_item():
    assert plan_for("denosumab", doses=(), stop=Stop(on=date(2025, 2, 1))).items == ()


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2024, 8, 31), 6, date(2025, 2, 28)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 12, 31), 2, date(2025, 2, 28)),
    (date(2025, 3, 31), 1, date(2025, 4, 30)),
    (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across the year
    (date(2025, 1, 10), 60, date(2030, 1, 10)),
])
def test_calendar_months_clamp_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("last_dose", "next_dose", "last_day_not_overdue"), [
    (date(2024, 8, 31), date(2025, 2, 28), date(2025, 3, 31)),
    (date(2024, 7, 31), date(2025, 1, 31), date(2025, 2, 28)),
    (date(2023, 7, 31), date(2024, 1, 31), date(2024, 2, 29)),  # leap year
])
def test_denosumab_doses_at_a_months_end(last_dose, next_dose, last_day_not_overdue):
    plan = plan_for("denosumab", doses=(last_dose,), start=last_dose)
    assert plan.next_dose == next_dose
    assert plan.codes(last_day_not_overdue) == [DOSE_DUE]
    assert plan.codes(last_day_not_overdue + DAY) == [DOSE_OVERDUE]


def test_the_timeline_shows_the_course_in_order():
    second = date(2025, 7, 8)
    plan = plan_for("zoledronic_acid", doses=(START, second), interval="six_monthly", today=date(2025, 8, 1))
    assert [(e.kind, e.on, e.past) for e in plan.timeline] == [
        ("started", START, True), ("dose_given", START, True), ("dose_given", second, True),
        ("next_dose", date(2026, 1, 8), False), ("review", date(2028, 1, 10), False)]
    assert all(e.label for e in plan.timeline)


def test_a_drug_with_no_course_rules_has_an_empty_plan():
    plan = plan_for("raloxifene")
    assert plan.rule is None and plan.items == ()
    assert [e.kind for e in plan.timeline] == ["started", "dose_given"]


def test_codes_are_stable_and_the_escalated_ones_are_listed():
    assert ITEM_CODES == ("dose_due", "dose_overdue", "course_ending", "review_due",
                          "denosumab_stopped_without_follow_on", "denosumab_follow_on_late",
                          "anabolic_stopped_without_follow_on")
    assert set(ESCALATED_CODES) < set(ITEM_CODES)
    assert len(REASONS_TO_CONTINUE) == 5
