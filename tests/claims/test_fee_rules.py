"""The fee rules (claims/fee_rules.py), pure and table-driven: each level, each missing item, the add-on's 48-hour
edge either side and age 74/75, the level-3 window's edges, the facility standard."""
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from claims import fee_rules as rules
from claims.fee_rules import CLAIMABLE, NOT_CLAIMABLE, NOT_YET

SCHEDULE_2024 = rules.Schedule(effective_from=date(2022, 4, 1), level_1_points=1000, level_2_points=750,
                               level_3_points=500, level_3_months=12, addon_min_age=75, addon_within_hours=48)
MET = rules.Facility(doctor="Dr Sato", nurse="Nurse Ito", pharmacist="Ph Kato", last_training_on=date(2026, 1, 10))
FRACTURE = date(2026, 1, 5)
AS_OF = date(2026, 3, 10)


def acute(**fields) -> rules.Stay:
    stay = dict(id=1, ward="acute", admitted_on=FRACTURE, discharged_on=date(2026, 1, 25),
                surgery_started=datetime(2026, 1, 6, 9, 0))
    return rules.Stay(**{**stay, **fields})


def rehab(**fields) -> rules.Stay:
    stay = dict(id=2, ward="rehabilitation", admitted_on=date(2026, 1, 26), discharged_on=date(2026, 2, 20),
                level_1_elsewhere=True)
    return rules.Stay(**{**stay, **fields})


def facts(**fields) -> rules.ClaimFacts:
    base = dict(in_scope=True, fracture_date=FRACTURE, age_at_fracture=80, fracture_time=time(20, 0),
                evaluated_on=date(2026, 1, 12), treatment_planned_on=date(2026, 1, 14),
                courses=(rules.CourseSpan(date(2026, 1, 15)),), stays=(acute(),), outpatient_contacts=(),
                facility=MET, schedules=(SCHEDULE_2024,))
    return rules.ClaimFacts(**{**base, **fields})


def level_1(f, as_of=AS_OF) -> rules.ClaimLine:
    return rules.claims_picture(f, as_of=as_of).level_1[0]


# --- Scope -----------------------------------------------------------------------------------------------------

def test_an_episode_out_of_scope_shows_nothing():
    picture = rules.claims_picture(facts(in_scope=False), as_of=AS_OF)
    assert not picture.in_scope and picture.claimable_lines() == [] and picture.level_3 is None


# --- Level 1 ------------------------------------------------------------------------------------------------------

def test_level_1_is_claimable_on_the_day_its_last_condition_was_met():
    line = level_1(facts())
    assert (line.status, line.on, line.points, line.missing) == (CLAIMABLE, date(2026, 1, 14), 1000, [])


@pytest.mark.parametrize("changes, as_of, status, missing", [
    # Unrecorded surgery time: it may be entered after discharge.
    (dict(stays=(acute(surgery_started=None),)), AS_OF, NOT_YET, ["The time surgery started is not recorded."]),
    # In hospital, evaluation or plan still to come.
    (dict(evaluated_on=None, stays=(acute(discharged_on=None),)), AS_OF, NOT_YET,
     ["The osteoporosis evaluation is not recorded."]),
    (dict(treatment_planned_on=None, stays=(acute(discharged_on=None),)), AS_OF, NOT_YET,
     ["Treatment is not planned yet (no signed-off treatment decision with a drug)."]),
    # Discharged without them: the admission is over.
    (dict(evaluated_on=None), AS_OF, NOT_CLAIMABLE, ["The osteoporosis evaluation is not recorded."]),
    (dict(treatment_planned_on=None), AS_OF, NOT_CLAIMABLE,
     ["Treatment is not planned yet (no signed-off treatment decision with a drug)."]),
    (dict(evaluated_on=date(2026, 2, 3)), AS_OF, NOT_CLAIMABLE,
     ["The osteoporosis evaluation was not done during the admission."]),
    (dict(treatment_planned_on=date(2026, 1, 26)), AS_OF, NOT_CLAIMABLE,
     ["Treatment was not planned during the admission."]),
    # An evaluation recorded after the day asked about is not counted yet.
    (dict(stays=(acute(discharged_on=None),)), date(2026, 1, 10), NOT_YET,
     ["The osteoporosis evaluation is not recorded.",
      "Treatment is not planned yet (no signed-off treatment decision with a drug)."]),
])
def test_level_1_says_what_is_missing(changes, as_of, status, missing):
    line = level_1(facts(**changes), as_of=as_of)
    assert (line.status, line.missing, line.points) == (status, missing, None)


def test_level_1_is_once_per_acute_admission_and_never_for_another_ward():
    second = acute(id=3, admitted_on=date(2026, 2, 1), discharged_on=date(2026, 2, 5),
                   surgery_started=datetime(2026, 2, 2, 10, 0))
    picture = rules.claims_picture(facts(stays=(acute(), second, rehab(level_1_elsewhere=False))), as_of=AS_OF)
    assert [line.stay.id for line in picture.level_1] == [1, 3]
    assert [line.level for line in picture.level_2] == [2]


def test_the_facility_standard_not_met_makes_level_1_not_claimable():
    line = level_1(facts(facility=replace(MET, pharmacist="")))
    assert line.status == NOT_CLAIMABLE
    assert line.missing == ["Facility standard not met: No designated pharmacist is named."]


# --- The add-on ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("age, hours_after, status", [
    (75, 48, CLAIMABLE),            # exactly 48 hours counts
    (75, 47.99, CLAIMABLE),
    (75, 48.02, NOT_CLAIMABLE),     # a minute more does not
    (74, 10, NOT_CLAIMABLE),        # under 75 at the fracture
    (90, 1, CLAIMABLE),
])
def test_the_add_on_needs_75_and_surgery_within_48_hours(age, hours_after, status):
    fractured = datetime(2026, 1, 5, 20, 0)
    stay = acute(surgery_started=fractured + timedelta(hours=hours_after),
                 admitted_on=FRACTURE, discharged_on=date(2026, 1, 25))
    line = level_1(facts(age_at_fracture=age, stays=(stay,)))
    assert line.status == CLAIMABLE
    assert line.addon.status == status


def test_the_add_on_says_why_not():
    late = level_1(facts(stays=(acute(surgery_started=datetime(2026, 1, 7, 21, 0)),)))
    assert late.addon.missing == ["Surgery started 49 hours after the fracture, later than 48 hours."]
    young = level_1(facts(age_at_fracture=74))
    assert young.addon.missing == ["The patient was 74 at the fracture, under 75."]


@pytest.mark.parametrize("changes, status, missing", [
    (dict(fracture_time=None), NOT_YET, ["The time of the fracture is not recorded."]),
    (dict(stays=(acute(surgery_started=None),)), NOT_YET, ["The time surgery started is not recorded."]),
    # Only with level 1.
    (dict(treatment_planned_on=None), NOT_CLAIMABLE, ["Only with level 1, which is not claimable."]),
    (dict(treatment_planned_on=None, stays=(acute(discharged_on=None),)), NOT_YET,
     ["Only with level 1, which is not claimable yet."]),
])
def test_the_add_on_waits_for_its_times_and_level_1(changes, status, missing):
    addon = level_1(facts(**changes)).addon
    assert (addon.status, addon.missing) == (status, missing)


# --- Level 2 ------------------------------------------------------------------------------------------------------

def after_level_1_elsewhere(**fields):
    return facts(**{"stays": (rehab(),), "evaluated_on": date(2026, 1, 10),
                    "courses": (rules.CourseSpan(date(2026, 1, 20)),), **fields})


def test_level_2_is_claimable_after_level_1_at_another_hospital():
    line = rules.claims_picture(after_level_1_elsewhere(), as_of=AS_OF).level_2[0]
    assert (line.status, line.on, line.points) == (CLAIMABLE, date(2026, 1, 26), 750)


@pytest.mark.parametrize("changes, status, missing", [
    (dict(stays=(rehab(level_1_elsewhere=False),)), NOT_CLAIMABLE, ["Level 1 was not claimed at another hospital."]),
    (dict(evaluated_on=None), NOT_CLAIMABLE, ["The osteoporosis evaluation is not recorded."]),
    (dict(courses=()), NOT_CLAIMABLE,
     ["Treatment is not continuing (no treatment course active during the admission)."]),
    (dict(courses=(rules.CourseSpan(date(2026, 1, 2), date(2026, 1, 20)),)), NOT_CLAIMABLE,
     ["Treatment is not continuing (no treatment course active during the admission)."]),
    (dict(courses=(), stays=(rehab(discharged_on=None),)), NOT_YET,
     ["Treatment is not continuing (no treatment course active during the admission)."]),
])
def test_level_2_says_what_is_missing(changes, status, missing):
    line = rules.claims_picture(after_level_1_elsewhere(**changes), as_of=AS_OF).level_2[0]
    assert (line.status, line.missing) == (status, missing)


def test_level_2_dates_from_the_start_of_treatment_during_the_stay():
    f = after_level_1_elsewhere(courses=(rules.CourseSpan(date(2026, 2, 3)),))
    assert rules.claims_picture(f, as_of=AS_OF).level_2[0].on == date(2026, 2, 3)


# --- Level 3 ------------------------------------------------------------------------------------------------------

def outpatient(*days, **fields):
    return facts(outpatient_contacts=tuple(days), **fields)


def test_level_3_is_once_a_month_with_an_outpatient_contact():
    l3 = rules.claims_picture(outpatient(date(2026, 2, 3), date(2026, 2, 17), date(2026, 3, 2)),
                              as_of=AS_OF).level_3
    assert l3.status == CLAIMABLE
    assert [(line.on, line.points) for line in l3.lines] == [(date(2026, 2, 3), 500), (date(2026, 3, 2), 500)]
    assert (l3.first_month, l3.last_month) == (date(2026, 2, 1), date(2027, 1, 1))
    # From this month on, the months without a claim yet.
    assert l3.open_months == [date(2026, m, 1) for m in range(4, 13)] + [date(2027, 1, 1)]


def test_level_3_window_edges_twelve_months_from_the_first_claim():
    days = (date(2026, 2, 27), date(2027, 1, 31), date(2027, 2, 1))
    trained = replace(MET, last_training_on=date(2026, 12, 1))
    l3 = rules.claims_picture(outpatient(*days, facility=trained), as_of=date(2027, 3, 1)).level_3
    # February 2026 to January 2027: the last day of the 12th month counts, the first of the 13th does not.
    assert [line.on for line in l3.lines] == [date(2026, 2, 27), date(2027, 1, 31)]
    assert l3.open_months == []


def test_a_contact_during_an_admission_or_before_level_1_is_not_outpatient():
    l3 = rules.claims_picture(outpatient(date(2026, 1, 10), date(2026, 1, 20)), as_of=AS_OF).level_3
    assert l3.status == NOT_YET and l3.lines == []
    assert "No outpatient contact since level 1" in l3.missing[0]


def test_level_3_needs_level_1_here_or_elsewhere():
    no_level_1 = rules.claims_picture(outpatient(date(2026, 2, 3), treatment_planned_on=None), as_of=AS_OF)
    assert no_level_1.level_3.status == NOT_CLAIMABLE
    assert no_level_1.level_3.missing == ["Level 1 has not been claimed, here or at another hospital."]
    elsewhere = rules.claims_picture(after_level_1_elsewhere(outpatient_contacts=(date(2026, 3, 2),)), as_of=AS_OF)
    assert [line.on for line in elsewhere.level_3.lines] == [date(2026, 3, 2)]


@pytest.mark.parametrize("changes, missing", [
    (dict(courses=(rules.CourseSpan(date(2026, 1, 15), date(2026, 1, 31)),)),
     "Treatment is not continuing (no active treatment course)."),
    # Trained 354 days before level 1, 374 before the contact.
    (dict(facility=replace(MET, last_training_on=date(2025, 1, 25))),
     "Facility standard not met: The last staff training was more than a year before."),
])
def test_level_3_says_what_is_missing(changes, missing):
    l3 = rules.claims_picture(outpatient(date(2026, 2, 3), **changes), as_of=AS_OF).level_3
    assert l3.status == NOT_YET and missing in l3.missing


def test_the_picture_lists_a_months_claimable_lines():
    picture = rules.claims_picture(outpatient(date(2026, 2, 3)), as_of=AS_OF)
    assert [(line.level, line.on) for line in picture.lines_in_month(date(2026, 1, 1))] == [(1, date(2026, 1, 14))]
    assert [(line.level, line.on) for line in picture.lines_in_month(date(2026, 2, 1))] == [(3, date(2026, 2, 3))]
    assert picture.unverified


# --- The facility standard and the schedule -------------------------------------------------------------------------

@pytest.mark.parametrize("facility, day, gaps", [
    (MET, date(2026, 3, 10), []),
    (MET, date(2027, 1, 10), []),  # 365 days after the training
    (MET, date(2027, 1, 11), ["The last staff training was more than a year before."]),
    (replace(MET, doctor=" "), date(2026, 3, 10), ["No designated doctor is named."]),
    (replace(MET, nurse=""), date(2026, 3, 10), ["No designated nurse is named."]),
    (replace(MET, last_training_on=None), date(2026, 3, 10), ["No staff training is recorded."]),
    (None, date(2026, 3, 10), ["The facility standard is not recorded."]),
])
def test_the_facility_standard(facility, day, gaps):
    assert rules.facility_standard_gaps(facility, day) == gaps


def test_the_points_come_from_the_schedule_in_force_on_the_day():
    later = replace(SCHEDULE_2024, effective_from=date(2026, 1, 14), level_1_points=1100, verified=True)
    line = level_1(facts(schedules=(SCHEDULE_2024, later)))
    assert line.points == 1100 and line.schedule.verified
    before = level_1(facts(schedules=(SCHEDULE_2024, replace(later, effective_from=date(2026, 1, 15)))))
    assert before.points == 1000


@pytest.mark.parametrize("month, n, expected", [
    (date(2026, 2, 1), 11, date(2027, 1, 1)), (date(2026, 12, 1), 1, date(2027, 1, 1)),
    (date(2026, 1, 1), -1, date(2025, 12, 1)),
])
def test_add_months(month, n, expected):
    assert rules.add_months(month, n) == expected
