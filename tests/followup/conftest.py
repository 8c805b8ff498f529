"""Episodes brought to follow-up the way the app does it (patients.services, assessments.services and
the pathway), for the follow-up tests. Personas come from tests/conftest.py."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from patients import pathway
from patients import services as patient_services
from patients.models import FractureSite, Mechanism, Source


def decide_treatment(episode, *, nurse, clinician, status="started", started_on=None, initiated_by=None,
                     recommendation="alendronate"):
    """Assess `episode` (accepted for assessment), draft the decision and have the clinician sign it off."""
    assessment_services.assessment_record_part(
        episode=episode, part="falls", by=nurse, expected_version=None, falls_last_12_months=1,
    )
    assessment_services.assessment_complete(episode=episode, by=nurse)
    fields = dict(recommendation=recommendation, calcium_vitamin_d="start", status=status)
    if initiated_by:
        fields["initiated_by"] = initiated_by
    if status == "started":
        fields["started_on"] = started_on or timezone.localdate()
    decision = assessment_services.treatment_decision_save(episode=episode, by=nurse, **fields)
    assessment_services.treatment_sign_off(decision=decision, by=clinician)
    episode.refresh_from_db()
    return decision


@pytest.fixture
def make_patient_episode():
    """`make_patient_episode(site, by, fracture_date=…)` → an episode accepted for assessment."""
    counter = {"n": 0}

    def make(site, by, *, fracture_date=None, phone="01234 567890", assigned_nurse=None, family_name="Testperson"):
        counter["n"] += 1
        patient = patient_services.patient_create(
            site=site, by=by, confirm_possible_duplicate=True, local_id=f"F{site.pk}{counter['n']:05d}",
            family_name=family_name, given_name=f"Ann{counter['n']}", date_of_birth=date(1948, 3, 14), sex="female",
            phone=phone,
        )
        fracture_date = fracture_date or timezone.localdate() - timedelta(days=20)
        episode = patient_services.episode_create(
            patient=patient, by=by, fracture_date=fracture_date, fracture_site=FractureSite.WRIST, side="left",
            mechanism=Mechanism.LOW_TRAUMA, identified_on=fracture_date, source=Source.ED,
            assigned_nurse=assigned_nurse,
        ).episode
        pathway.accept_for_assessment(episode, by=by)
        return episode

    return make


@pytest.fixture
def make_in_follow_up(make_patient_episode, nurse_a, clinician_a, site_a):
    """`make_in_follow_up(fracture_date=…, started_on=…)` → an episode at site A in follow-up, its
    treatment started by the FLS and signed off, assigned to nurse_a unless told otherwise."""

    def make(*, site=None, nurse=None, clinician=None, fracture_date=None, started_on=None, assigned=True, **kwargs):
        site, nurse, clinician = site or site_a, nurse or nurse_a, clinician or clinician_a
        episode = make_patient_episode(site, nurse, fracture_date=fracture_date,
                                       assigned_nurse=nurse if assigned else None, **kwargs)
        decide_treatment(episode, nurse=nurse, clinician=clinician, started_on=started_on or episode.fracture_date)
        return episode

    return make


def follow_up(episode, kind):
    return episode.follow_ups.get(kind=kind)


def copies(episode) -> set[tuple]:
    """The (patient, nurse) pairs the worklists' read model holds for the episode's follow-ups."""
    from worklists.models import WorklistFollowUp

    return set(WorklistFollowUp.objects.filter(episode=episode).values_list("patient_id", "assigned_nurse_id"))


@pytest.fixture
def nurse_c(site_a):
    """A second nurse of site A, to reassign episodes to."""
    from fls.roles import NURSE
    from tests.factories import UserFactory

    return UserFactory(username="nurse_c", first_name="Cai", last_name="Nurse", roles=[NURSE], sites=[site_a])


@pytest.fixture
def episode_in_week_5(make_in_follow_up):
    """Fractured five weeks ago: the 4-week window (weeks 3 to 6) is open today."""
    return make_in_follow_up(fracture_date=timezone.localdate() - timedelta(weeks=5))


def contact(follow_up, by, **fields):
    """A contact recorded as the nurse means it: a date outside the window confirmed (tests of the confirmation
    itself pass confirm_outside_window=False)."""
    from followup import services

    follow_up.refresh_from_db()
    defaults = dict(contacted_on=timezone.localdate(), method="phone", reached=True, adherence="as_prescribed",
                    confirm_outside_window=True)
    defaults.update(fields)
    return services.contact_record(follow_up=follow_up, by=by, expected_version=follow_up.version, **defaults)
