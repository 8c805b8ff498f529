"""A hospital in Japan (Sakura, Asia/Tokyo) with its staff, a second one in Japan for isolation, and hip-fracture
episodes brought through the pathway as the app does it. The clock is frozen at 10:00 in Tokyo on 10 March 2026
(01:00 in London: the same day in both)."""
from datetime import date

import pytest
import time_machine

from claims.models import FacilityStandard
from fls.roles import ADMINISTRATOR, CLINICIAN, MANAGER, NURSE
from patients import pathway
from patients import services as patient_services
from patients.models import FractureSite, Mechanism, Source
from tests.factories import SiteFactory, UserFactory
from tests.followup.conftest import decide_treatment

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def fee_schedule_2024(request):
    """The 2024 schedule its migration seeds (claims 0002): a browser test's flush of the database removes it,
    and a claims test that runs after one must still find it."""
    if "db" not in request.fixturenames and request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    import importlib

    from django.apps import apps

    importlib.import_module("claims.migrations.0002_fee_schedule_2024").seed(apps, None)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-10 01:00 +00:00", tick=False):
        yield


@pytest.fixture
def sakura(db):
    return SiteFactory(code="sakura", name="Sakura City Hospital", country="JP", fls_model="A",
                       timezone="Asia/Tokyo")


@pytest.fixture
def hinode(db):
    return SiteFactory(code="hinode", name="Hinode Hospital", country="JP", fls_model="A", timezone="Asia/Tokyo")


@pytest.fixture
def nurse_jp(sakura):
    return UserFactory(username="nurse_jp", first_name="Hana", last_name="Sato", roles=[NURSE], sites=[sakura])


@pytest.fixture
def clinician_jp(sakura):
    return UserFactory(username="clinician_jp", first_name="Kenji", last_name="Ito", roles=[CLINICIAN],
                       sites=[sakura])


@pytest.fixture
def manager_jp(sakura):
    return UserFactory(username="manager_jp", first_name="Yui", last_name="Kato", roles=[MANAGER], sites=[sakura])


@pytest.fixture
def admin_jp(sakura):
    return UserFactory(username="admin_jp", first_name="Ren", last_name="Abe", roles=[ADMINISTRATOR],
                       sites=[sakura], is_staff=True)


@pytest.fixture
def manager_hinode(hinode):
    return UserFactory(username="manager_hinode", first_name="Sora", last_name="Mori", roles=[MANAGER],
                       sites=[hinode])


@pytest.fixture
def facility_met(sakura):
    return FacilityStandard.objects.create(site=sakura, doctor="佐藤 一郎", nurse="伊藤 花子", pharmacist="加藤 薬局",
                                           last_training_on=date(2025, 11, 1))


@pytest.fixture
def make_hip_episode():
    """`make_hip_episode(site, nurse, clinician=None, age=80, fracture_date=…)`: a hip-fracture episode accepted for
    assessment; with a clinician, assessed and its decision (alendronate, started) signed off today."""
    counter = {"n": 0}

    def make(site, nurse, clinician=None, *, age=80, fracture_date=date(2026, 2, 28), fracture_site=FractureSite.HIP,
             family_name="山田"):
        counter["n"] += 1
        patient = patient_services.patient_create(
            site=site, by=nurse, confirm_possible_duplicate=True, local_id=f"J{site.pk}{counter['n']:05d}",
            family_name=family_name, given_name=f"花子{counter['n']}",
            date_of_birth=date(fracture_date.year - age, 1, 2) if fracture_date.month > 1 or fracture_date.day > 1
            else date(fracture_date.year - age - 1, 12, 31), sex="female")
        episode = patient_services.episode_create(
            patient=patient, by=nurse, fracture_date=fracture_date, fracture_site=fracture_site, side="left",
            mechanism=Mechanism.LOW_TRAUMA, identified_on=fracture_date, source=Source.ED).episode
        pathway.accept_for_assessment(episode, by=nurse)
        if clinician:
            decide_treatment(episode, nurse=nurse, clinician=clinician, started_on=TODAY)
        episode.refresh_from_db()
        return episode

    return make
