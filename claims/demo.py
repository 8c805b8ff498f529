"""Demo data for Japan's FLS management fee (called by demo.services.demo_seed for each site in Japan): a facility
standard that is met, and hip-fracture patients whose admissions show every shape of claim on the demo's day:

    level_1_with_addon          in the acute ward, 82, surgery 16 hours after the fracture: level 1 and the add-on
    level_1_late_surgery        in the acute ward, surgery three days after: level 1, the add-on not claimable
    level_1_under_75            in the acute ward, 70, surgery the next morning: level 1, the add-on not (age)
    missing_surgery_time        in the acute ward, the surgery's time not recorded: level 1 not yet
    planned_after_discharge     discharged before treatment was planned: level 1 not claimable
    level_2_and_3               transferred after level 1 at another hospital: level 2 in rehabilitation, then
    level_2_and_3_community     level-3 months (follow-up contacts and injections at the FLS clinic)

Everything goes through the services, as the pages do; each record on its own past day (the services refuse a day
after the real today). Deterministic: dates are counted from the demo's day.
"""
from dataclasses import dataclass
from datetime import date, time, timedelta

from assessments import demo as assessment_demo
from assessments import services as assessment_services
from fls.versioning import NO_RECORD
from followup import demo as followup_demo
from patients import pathway
from patients import services as patient_services
from patients.models import FractureSite, Mechanism, Source
from treatment import demo as treatment_demo
from treatment.course_plan import add_months

from . import services
from .models import FacilityStandard, WardType


@dataclass(frozen=True)
class AdmissionShape:
    code: str
    family_name: str
    given_name: str
    age: int
    fracture_days_ago: int = 5
    fracture_time: time | None = time(18, 0)
    ward: str = WardType.ACUTE
    surgery_after_hours: int | None = 16  # None: the surgery's time not recorded
    discharged_after_days: int | None = None  # None: still in hospital
    # Level 2 and 3: a course started `course_months_ago` (its injections at the FLS clinic `doses` months in).
    course_months_ago: int = 0
    doses: tuple[int, ...] = ()


SHAPES = (
    AdmissionShape("level_1_with_addon", "佐々木", "ミツ", 82),
    AdmissionShape("level_1_late_surgery", "高橋", "トメ", 79, fracture_days_ago=9, surgery_after_hours=74),
    AdmissionShape("level_1_under_75", "中村", "幸子", 70, fracture_days_ago=6, surgery_after_hours=15),
    AdmissionShape("missing_surgery_time", "小林", "和子", 77, fracture_days_ago=4, surgery_after_hours=None,
                   fracture_time=None),
    AdmissionShape("planned_after_discharge", "加藤", "節子", 85, fracture_days_ago=40, discharged_after_days=21),
    AdmissionShape("level_2_and_3", "吉田", "静江", 81, ward=WardType.REHABILITATION, course_months_ago=8,
                   doses=(0, 6), fracture_time=None),
    AdmissionShape("level_2_and_3_community", "山本", "清", 76, ward=WardType.COMMUNITY_CARE, course_months_ago=11,
                   doses=(0, 6), fracture_time=None),
)


def seed(site, *, nurse, clinician, manager, rng, today: date, first_local_id: int = 900001) -> list:
    """The site's facility standard (met) and one hip-fracture patient per shape. Returns their episodes."""
    if not FacilityStandard.objects.filter(site=site).exists():
        services.facility_standard_save(
            site=site, by=manager, expected_version=NO_RECORD, doctor="整形外科 田中 誠", nurse="看護師 鈴木 恵",
            pharmacist="薬剤師 渡辺 亮", pharmacist_at_partner_pharmacy=False,
            last_training_on=today - timedelta(days=60))
    episodes = []
    for index, shape in enumerate(SHAPES):
        episodes.append(_patient(site, shape, nurse=nurse, clinician=clinician, rng=rng, today=today,
                                 local_id=f"{site.code[:1].upper()}{first_local_id + index}"))
    return episodes


def _patient(site, shape: AdmissionShape, *, nurse, clinician, rng, today: date, local_id: str):
    if shape.course_months_ago:
        start = add_months(today, -shape.course_months_ago)
        fracture_date = start - timedelta(days=20)
    else:
        start, fracture_date = None, today - timedelta(days=shape.fracture_days_ago)
    patient = patient_services.patient_create(
        site=site, by=nurse, confirm_possible_duplicate=True, local_id=local_id, family_name=shape.family_name,
        given_name=shape.given_name, date_of_birth=date(fracture_date.year - shape.age - 1, 10, 1), sex="female",
        gp_practice_name="さくら内科クリニック")
    episode = patient_services.episode_create(
        patient=patient, by=nurse, fracture_date=fracture_date, fracture_site=FractureSite.HIP, side="right",
        mechanism=Mechanism.LOW_TRAUMA, identified_on=fracture_date, source=Source.ED, assigned_nurse=nurse).episode
    pathway.accept_for_assessment(episode, by=nurse)
    if shape.fracture_time:
        services.fracture_time_record(episode=episode, by=nurse, fracture_day=fracture_date,
                                      fracture_time=shape.fracture_time, expected_version=NO_RECORD)
    if shape.ward == WardType.ACUTE:
        _acute(episode, shape, nurse=nurse, clinician=clinician, rng=rng, today=today)
    else:
        _transferred(episode, shape, start=start, nurse=nurse, clinician=clinician, rng=rng, today=today)
    return episode


def _acute(episode, shape: AdmissionShape, *, nurse, clinician, rng, today: date) -> None:
    fields = dict(ward=WardType.ACUTE, admitted_on=episode.fracture_date)
    if shape.surgery_after_hours is not None:
        fractured = episode.fracture_date.toordinal() * 24 + (shape.fracture_time or time(18, 0)).hour
        started = fractured + shape.surgery_after_hours
        fields.update(surgery_started_on=date.fromordinal(started // 24), surgery_started_time=time(started % 24, 0))
    if shape.discharged_after_days is not None:
        fields["discharged_on"] = episode.fracture_date + timedelta(days=shape.discharged_after_days)
    services.admission_add(episode=episode, by=nurse, **fields)
    # Assessed in the ward (a day after the fracture), the decision signed off today.
    assessment_demo.advance(episode, "assessed", rng=rng, nurse=nurse, clinician=clinician,
                            today=episode.fracture_date + timedelta(days=1))
    decision = assessment_services.treatment_decision_save(
        episode=episode, by=nurse, recommendation="alendronate", calcium_vitamin_d="start", status="planned")
    assessment_demo.sign_off(decision, clinician)


def _transferred(episode, shape: AdmissionShape, *, start: date, nurse, clinician, rng, today: date) -> None:
    """Level 1 at the acute hospital; here from two weeks after the fracture, denosumab started in the ward, home
    after two months, then seen in the FLS clinic (its injections) and by phone (the follow-ups)."""
    services.admission_add(episode=episode, by=nurse, ward=shape.ward, level_1_claimed_elsewhere=True,
                           admitted_on=episode.fracture_date + timedelta(days=14),
                           discharged_on=start + timedelta(days=45))
    scenario = treatment_demo.CourseScenario(f"claims_{shape.code}", "denosumab", shape.course_months_ago,
                                             doses=shape.doses)
    treatment_demo.advance(episode, scenario, rng=rng, nurse=nurse, clinician=clinician, today=today)
    followup_demo.contacts_made_on_time(episode, nurse=nurse, today=today)
