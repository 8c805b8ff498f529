"""Deterministic synthetic demo data (Faker). Never real patients.

Used by `manage.py seed_demo`. Each pathway step has its own demo module for its stages
(`assessments.demo`, `followup.demo`) and adds them to STAGE_PLAN, so the demo always shows patients
at every stage that exists. This app comes last in INSTALLED_APPS so that it may import them all.
"""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from faker import Faker

from assessments import demo as assessment_demo
from claims import demo as claims_demo
from fls.models import Site
from fls.roles import ADMINISTRATOR, CLINICIAN, MANAGER, NURSE
from fls.services import user_create
from followup import demo as followup_demo
from treatment import demo as treatment_demo
from patients import pathway, services
from patients.identifier_schemes import default_scheme
from patients.models import FractureSite, Mechanism, Residence, Sex, Side, Source

DEMO_SITES = [
    # code, name, country, FLS model, time zone, Faker locale
    ("north", "Northgate General Hospital", "GB", "A", "Europe/London", "en_GB"),
    ("south", "Southbridge University Hospital", "GB", "B", "Europe/London", "en_GB"),
    ("sakura", "Sakura City Hospital", "JP", "A", "Asia/Tokyo", "ja_JP"),
]

# (username, first name, last name, roles, site codes, lead of)
DEMO_USERS = [
    ("nurse", "Nora", "Nightingale", [NURSE], ["north", "south"], []),
    ("clinician", "Clara", "Osler", [CLINICIAN], ["north", "south"], ["north"]),
    ("manager", "Max", "Audit", [MANAGER], ["north", "south", "sakura"], []),
    ("admin", "Ada", "Admin", [ADMINISTRATOR], ["north", "south", "sakura"], []),
    ("nurse_north", "Nia", "North", [NURSE], ["north"], []),
    ("nurse_south", "Sam", "South", [NURSE], ["south"], ["south"]),
    ("nurse_sakura", "美咲", "佐藤", [NURSE], ["sakura"], ["sakura"]),
    ("clinician_north", "Colin", "North", [CLINICIAN], ["north"], []),
    ("clinician_south", "Cara", "South", [CLINICIAN], ["south"], []),
    ("clinician_sakura", "健二", "伊藤", [CLINICIAN], ["sakura"], []),
    ("manager_north", "Mira", "North", [MANAGER], ["north"], []),
]

FRACTURE_SITE_WEIGHTS = [
    (FractureSite.HIP, 30), (FractureSite.WRIST, 25), (FractureSite.VERTEBRA, 15), (FractureSite.HUMERUS, 12),
    (FractureSite.PELVIS, 7), (FractureSite.ANKLE, 6), (FractureSite.OTHER, 5),
]
SOURCE_WEIGHTS = [
    (Source.ED, 35), (Source.WARD, 25), (Source.FRACTURE_CLINIC, 20), (Source.RADIOLOGY, 12),
    (Source.PRIMARY_CARE, 5), (Source.OTHER, 3),
]
# Where each generated episode ends up (weights); later steps of the pathway add their stages.
STAGE_PLAN = [
    ("identified", 25), ("awaiting_assessment", 40), ("ineligible", 8), ("declined", 5),
    ("transferred", 3), ("died", 4), ("lost_to_follow_up", 5), ("refracture", 10),
    # assessments: assessed; recommendation awaiting a clinician's sign-off; signed off; letter sent
    ("assessed", 8), ("awaiting_signoff", 8), ("treatment_decided", 8), ("letter_sent", 8),
    # followup: a follow-up due, overdue, the 12-week one due after the 4-week was made, lost, completed
    ("follow_up_due", 6), ("follow_up_overdue", 3), ("follow_up_12_week_due", 3), ("follow_up_lost", 2),
    ("follow_up_completed", 3),
]


def valid_nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights, k=1)[0]


@dataclass
class DemoResult:
    created: bool
    patients: int
    episodes: int
    on_treatment: int = 0  # the patients on a course of every drug (treatment.demo), besides `patients`


def ensure_sites_and_users(password: str) -> dict:
    sites = {}
    for code, name, country, model, tz, _locale in DEMO_SITES:
        sites[code], _ = Site.objects.get_or_create(
            code=code, defaults={"name": name, "country": country, "fls_model": model, "timezone": tz,
                                 "language": "ja" if country == "JP" else "en-gb",
                                 "identifier_scheme": default_scheme(country)}  # NHS number; none in Japan
        )
    from fls.models import User

    users = {}
    for username, first, last, roles, site_codes, lead_of in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username, password=password, roles=roles, sites=[sites[c] for c in site_codes],
                first_name=first, last_name=last, email=f"{username}@fls.example", lead_of=[sites[c] for c in lead_of],
                is_staff=ADMINISTRATOR in roles,
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        users[username] = user
    return {"sites": sites, "users": users}


def _address(fake: Faker, site) -> str:
    """A practice's address as the site's country writes it (Faker's ja_JP has no street address of its own)."""
    if site.country == "JP":
        return f"〒{fake.postcode()} {fake.prefecture()}{fake.city()}{fake.town()}{fake.chome()}{fake.ban()}{fake.gou()}"
    return fake.street_address().replace("\n", ", ")


def _make_patient(fake: Faker, rng: random.Random, site, by, today: date, index: int, young: bool = False,
                  min_age: int = 52):
    sex = rng.choices([Sex.FEMALE, Sex.MALE], weights=[75, 25])[0]
    age = rng.randint(40, 49) if young else min(int(rng.gauss(76, 9)), 101)
    # 52, not 50: the fracture may be up to 540 days ago, and the patient must be 50 or over at the fracture.
    age = max(age, 40 if young else min_age)
    dob = today - timedelta(days=age * 365 + rng.randint(30, 330))
    if site.country == "JP":
        # Japanese names with their readings (フリガナ), as a Japanese record keeps them.
        family, family_kana, _romaji = fake.last_name_pair()
        given, given_kana, _romaji = (fake.first_name_female_pair() if sex == Sex.FEMALE
                                      else fake.first_name_male_pair())
    else:
        family, family_kana, given_kana = fake.last_name(), "", ""
        given = fake.first_name_female() if sex == Sex.FEMALE else fake.first_name_male()
    return services.patient_create(
        site=site, by=by, confirm_possible_duplicate=True,
        local_id=f"{site.code[:1].upper()}{100000 + index}",
        national_id=valid_nhs_number(rng) if site.country == "GB" else "",
        family_name=family, given_name=given, family_name_kana=family_kana, given_name_kana=given_kana,
        date_of_birth=dob, sex=sex,
        postcode=fake.postcode() if site.country in ("GB", "JP") else "",
        phone=fake.phone_number()[:30],
        gp_practice_name=f"{fake.last_name()} Medical Practice" if site.country != "JP" else f"{fake.last_name()}クリニック",
        gp_practice_code=f"{rng.choice('ABCDEFGHJKLMNP')}{rng.randint(10000, 99999)}",
        gp_practice_contact=_address(fake, site)[:200],
        residence=_weighted(rng, [(Residence.OWN_HOME, 85), (Residence.CARE_HOME, 12), (Residence.OTHER, 3)]),
    )


def _make_episode(rng, patient, by, nurse, today: date, *, fracture_date=None, mechanism=Mechanism.LOW_TRAUMA):
    fracture_date = fracture_date or today - timedelta(days=rng.randint(3, 540))
    identified_on = min(today, fracture_date + timedelta(days=rng.randint(0, 14)))
    fracture_site = _weighted(rng, FRACTURE_SITE_WEIGHTS)
    side = Side.NOT_APPLICABLE if fracture_site in (FractureSite.VERTEBRA, FractureSite.PELVIS) else rng.choice(
        [Side.LEFT, Side.RIGHT]
    )
    return services.episode_create(
        patient=patient, by=by, fracture_date=fracture_date, fracture_site=fracture_site, side=side,
        mechanism=mechanism, identified_on=identified_on, source=_weighted(rng, SOURCE_WEIGHTS),
        assigned_nurse=nurse if rng.random() < 0.8 else None,
        previous_fracture_count=rng.choices([0, 1, 2], weights=[70, 22, 8])[0],
    ).episode


@transaction.atomic
def demo_seed(*, patients: int, seed: int, password: str, today: date | None = None) -> DemoResult:
    today = today or date.today()
    made = ensure_sites_and_users(password)
    sites, users = made["sites"], made["users"]
    from patients.models import Patient

    if Patient.objects.filter(site__in=sites.values()).exists():
        return DemoResult(created=False, patients=Patient.objects.count(), episodes=0)

    rng = random.Random(seed)
    fakers = {code: Faker(locale) for code, *_rest, locale in DEMO_SITES}
    for i, fake in enumerate(fakers.values()):
        fake.seed_instance(seed + i)
    nurses = {"north": users["nurse_north"], "south": users["nurse_south"], "sakura": users["nurse_sakura"]}
    clinicians = {code: users[f"clinician_{code}"] for code in nurses}
    episodes = 0
    for index in range(patients):
        code = rng.choices(["north", "south", "sakura"], weights=[50, 35, 15])[0]
        site, nurse = sites[code], nurses[code]
        # Written in the site's language, as its staff would write it: a Japanese team's notes in Japanese.
        with translation.override(site.language):
            stage = _weighted(rng, STAGE_PLAN)
            patient = _make_patient(fakers[code], rng, site, nurse, today, index, young=stage == "ineligible" and rng.random() < 0.5)
            mechanism = Mechanism.HIGH_TRAUMA if stage == "ineligible" and patient.age_on(today) >= 50 else (
                Mechanism.UNKNOWN if rng.random() < 0.05 else Mechanism.LOW_TRAUMA
            )
            if stage == "refracture":
                first = _make_episode(rng, patient, nurse, nurse, today, fracture_date=today - timedelta(days=rng.randint(400, 900)))
                pathway.accept_for_assessment(first, by=nurse)
                episode = _make_episode(rng, patient, nurse, nurse, today, fracture_date=today - timedelta(days=rng.randint(3, 90)))
                episodes += 2
                continue
            fracture_date = followup_demo.fracture_date_for(stage, rng=rng, today=today) \
                if stage in followup_demo.STAGES else None
            episode = _make_episode(rng, patient, nurse, nurse, today, mechanism=mechanism, fracture_date=fracture_date)
            episodes += 1
            if stage in ("identified", "ineligible"):
                continue
            pathway.accept_for_assessment(episode, by=nurse)
            if stage == "declined":
                pathway.decline(episode, by=nurse, reason=gettext("Patient did not want bone health assessment."))
            elif stage == "transferred":
                pathway.transfer(episode, by=nurse, reason=gettext("Moved to another area; FLS there informed."))
            elif stage == "died":
                services.patient_update(patient=patient, by=nurse, expected_version=patient.version,
                                        date_of_death=min(today, episode.fracture_date + timedelta(days=rng.randint(5, 60))))
            elif stage == "lost_to_follow_up":
                pathway.mark_lost_to_follow_up(episode, by=nurse, reason=gettext("Three phone attempts and a letter unanswered."))
            elif stage in assessment_demo.STAGES:
                assessment_demo.advance(episode, stage, rng=rng, nurse=nurse, clinician=clinicians[code], today=today)
            elif stage in followup_demo.STAGES:
                followup_demo.advance(episode, stage, rng=rng, nurse=nurse, clinician=clinicians[code], today=today)
    on_treatment = _patients_on_treatment(sites, nurses, clinicians, fakers, seed=seed, today=today,
                                          first_index=patients)
    # Japan's FLS management fee: each Japanese site's facility standard and its hip fractures' admissions.
    for code, site in sites.items():
        if site.country == "JP":
            with translation.override(site.language):
                claims_demo.seed(site, nurse=nurses[code], clinician=clinicians[code], manager=users["manager"],
                                 rng=random.Random(f"claims-{seed}"), today=min(today, timezone.localdate()))
    followup_demo.scan(today)
    return DemoResult(created=True, patients=patients, episodes=episodes, on_treatment=on_treatment)


def _patients_on_treatment(sites, nurses, clinicians, fakers, *, seed: int, today: date, first_index: int) -> int:
    """Each site's patients on a course of every drug (treatment.demo.scenarios_for_site), besides the `--patients`
    the stages share: started up to five years before `today`, their doses, reviews and stops recorded on their own
    past days, the follow-ups whose windows closed made on time. Their own random sequence, so the patients above
    are the same with or without them. Returns how many."""
    # The services refuse a date after the real today: a demo day later than it counts from the real one.
    today = min(today, timezone.localdate())
    rng = random.Random(f"treatment-{seed}")
    index = first_index
    for position, code in enumerate(sites):
        site, nurse, clinician = sites[code], nurses[code], clinicians[code]
        for scenario in treatment_demo.scenarios_for_site(position, len(sites)):
            fracture_date = treatment_demo.fracture_date_for(scenario, rng=rng, today=today)
            # 50 or over at a fracture up to five years and some weeks ago.
            with translation.override(site.language):
                patient = _make_patient(fakers[code], rng, site, nurse, today, index, min_age=57)
                episode = _make_episode(rng, patient, nurse, nurse, today, fracture_date=fracture_date)
                pathway.accept_for_assessment(episode, by=nurse)
                treatment_demo.advance(episode, scenario, rng=rng, nurse=nurse, clinician=clinician, today=today)
                followup_demo.contacts_made_on_time(episode, nurse=nurse, today=today)
            index += 1
    return index - first_index
