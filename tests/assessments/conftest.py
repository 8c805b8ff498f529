"""Episodes at each step of the pathway, made the way the app makes them (patients.services and
patients.pathway), for the assessment tests. Personas come from tests/conftest.py."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments import services
from patients import pathway
from patients import services as patient_services
from patients.models import FractureSite, Mechanism, Source


@pytest.fixture
def make_episode():
    """`make_episode(site, by, state="awaiting_assessment", **episode_fields)` → FractureEpisode."""
    counter = {"n": 0}

    def make(site, by, *, state="awaiting_assessment", fracture_days_ago=30, family_name="Testperson", **fields):
        counter["n"] += 1
        today = timezone.localdate()
        patient = patient_services.patient_create(
            site=site, by=by, confirm_possible_duplicate=True, local_id=f"H{site.pk}{counter['n']:05d}",
            family_name=family_name, given_name=f"Ann{counter['n']}", date_of_birth=date(1948, 3, 14), sex="female",
            gp_practice_name="Riverside Medical Practice", gp_practice_code="Y12345",
        )
        fracture_date = today - timedelta(days=fracture_days_ago)
        episode = patient_services.episode_create(
            patient=patient, by=by, fracture_date=fields.pop("fracture_date", fracture_date),
            fracture_site=fields.pop("fracture_site", FractureSite.WRIST), side=fields.pop("side", "left"),
            mechanism=Mechanism.LOW_TRAUMA, identified_on=fracture_date, source=Source.ED, **fields,
        ).episode
        if state == "identified":
            return episode
        pathway.accept_for_assessment(episode, by=by)
        return episode

    return make


@pytest.fixture
def assessed_episode(make_episode, site_a, nurse_a):
    """An episode whose assessment (DXA: osteoporosis) is complete, ready for a treatment decision."""
    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, spine="-2.7", hip="-2.1", neck="-2.4")
    services.assessment_complete(episode=episode, by=nurse_a)
    return episode


@pytest.fixture
def drafted_decision(assessed_episode, nurse_a):
    return services.treatment_decision_save(
        episode=assessed_episode, by=nurse_a, recommendation="alendronate", calcium_vitamin_d="start",
    )


def record_dxa(episode, by, *, spine=None, hip=None, neck=None, performed_on=None):
    from decimal import Decimal

    as_decimal = lambda v: Decimal(v) if v is not None else None  # noqa: E731
    return services.assessment_record_part(
        episode=episode, part="dxa", by=by, expected_version=None,
        dxa_performed_on=performed_on or timezone.localdate(),
        t_score_lumbar_spine=as_decimal(spine), t_score_total_hip=as_decimal(hip), t_score_femoral_neck=as_decimal(neck),
    )
