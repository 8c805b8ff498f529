"""The claims app's writes: admissions, the time of the fracture and the facility standard, each validated with its
message beside the field, versioned (a stale form refused), with history naming who saved it."""
from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Admission, FacilityStandard, FractureTime
from fls.versioning import NO_RECORD, StaleRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(make_hip_episode, sakura, nurse_jp):
    return make_hip_episode(sakura, nurse_jp)


def add(episode, by, **fields):
    base = dict(ward="acute", admitted_on=date(2026, 2, 28), surgery_started_on=date(2026, 3, 1),
                surgery_started_time=time(9, 30))
    return services.admission_add(episode=episode, by=by, **{**base, **fields})


def errors_of(exc) -> dict:
    return exc.value.message_dict


def test_an_admission_is_recorded_with_history(episode, nurse_jp):
    admission = add(episode, nurse_jp)
    assert (admission.site_id, admission.version, admission.created_by) == (episode.site_id, 1, nurse_jp)
    assert admission.history.get().history_user == nurse_jp


@pytest.mark.parametrize("fields, field, message", [
    (dict(admitted_on=date(2026, 2, 27)), "admitted_on",
     "The admission cannot be before the fracture"),
    (dict(admitted_on=date(2026, 3, 2), discharged_on=date(2026, 3, 1), surgery_started_on=None,
          surgery_started_time=None), "discharged_on", "The discharge cannot be before the admission."),
    (dict(admitted_on=date(2026, 3, 11)), "admitted_on", "The date of admission cannot be in the future."),
    (dict(discharged_on=date(2026, 3, 11)), "discharged_on", "The date of discharge cannot be in the future."),
    (dict(surgery_started_on=date(2026, 3, 6), discharged_on=date(2026, 3, 5)), "surgery_started_on",
     "Surgery must fall within the admission."),
    (dict(surgery_started_on=date(2026, 3, 10), surgery_started_time=time(11, 0)), "surgery_started_on",
     "Surgery cannot start in the future."),
    (dict(surgery_started_time=None), "surgery_started_time", "Enter the time surgery started."),
    (dict(surgery_started_on=None), "surgery_started_on", "Enter the date surgery started."),
    (dict(ward="rehabilitation"), "surgery_started_on", "Surgery is recorded on the acute admission."),
    (dict(level_1_claimed_elsewhere=True), "level_1_claimed_elsewhere",
     "Only a rehabilitation or community-care admission follows level 1 at another hospital."),
    (dict(ward="ward 7"), "ward", "Choose the ward type."),
])
def test_bad_input_is_refused_beside_its_field(episode, nurse_jp, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        add(episode, nurse_jp, **fields)
    assert message in " ".join(errors_of(exc)[field])
    assert not Admission.objects.exists()


def test_surgery_cannot_start_before_the_recorded_fracture_time(episode, nurse_jp):
    services.fracture_time_record(episode=episode, by=nurse_jp, fracture_day=episode.fracture_date,
                                  fracture_time=time(22, 0), expected_version=NO_RECORD)
    with pytest.raises(ValidationError) as exc:
        add(episode, nurse_jp, surgery_started_on=date(2026, 2, 28), surgery_started_time=time(21, 0))
    assert errors_of(exc)["surgery_started_on"] == ["Surgery cannot start before the fracture."]


def test_an_edit_over_a_newer_save_is_refused(episode, nurse_jp, clinician_jp):
    admission = add(episode, nurse_jp)
    services.admission_update(admission=admission, by=clinician_jp, expected_version=1,
                              discharged_on=date(2026, 3, 9))
    with pytest.raises(StaleRecord) as exc:
        services.admission_update(admission=admission, by=nurse_jp, expected_version=1,
                                  discharged_on=date(2026, 3, 8))
    assert "discharged on" in str(exc.value)
    admission.refresh_from_db()
    assert (admission.discharged_on, admission.version) == (date(2026, 3, 9), 2)
    assert [h.history_user for h in admission.history.order_by("history_date")] == [nurse_jp, clinician_jp]


def test_the_fracture_time_must_fall_on_the_fracture_date(episode, nurse_jp):
    with pytest.raises(ValidationError) as exc:
        services.fracture_time_record(episode=episode, by=nurse_jp, fracture_day=date(2026, 3, 1),
                                      fracture_time=time(8, 0), expected_version=NO_RECORD)
    assert errors_of(exc)["fracture_day"] == ["The time must fall on the fracture date, 28 Feb 2026."]


def test_the_fracture_time_is_recorded_then_corrected_and_a_stale_form_refused(episode, nurse_jp, clinician_jp):
    first = services.fracture_time_record(episode=episode, by=nurse_jp, fracture_day=episode.fracture_date,
                                          fracture_time=time(7, 15), expected_version=NO_RECORD)
    assert (first.time, first.version) == (time(7, 15), 1)
    # A second "first save" (a form opened before the first was saved) is refused.
    with pytest.raises(StaleRecord):
        services.fracture_time_record(episode=episode, by=clinician_jp, fracture_day=episode.fracture_date,
                                      fracture_time=time(8, 0), expected_version=NO_RECORD)
    services.fracture_time_record(episode=episode, by=clinician_jp, fracture_day=episode.fracture_date,
                                  fracture_time=time(8, 0), expected_version=1)
    saved = FractureTime.objects.get(episode=episode)
    assert (saved.time, saved.version, saved.history.count()) == (time(8, 0), 2, 2)


def test_a_fracture_time_in_the_future_is_refused(make_hip_episode, sakura, nurse_jp):
    today = make_hip_episode(sakura, nurse_jp, fracture_date=date(2026, 3, 10))
    with pytest.raises(ValidationError) as exc:
        services.fracture_time_record(episode=today, by=nurse_jp, fracture_day=date(2026, 3, 10),
                                      fracture_time=time(11, 0), expected_version=NO_RECORD)
    assert errors_of(exc)["fracture_time"] == ["The time of the fracture cannot be in the future."]


def test_only_hip_fractures_in_japan_are_recorded(make_hip_episode, sakura, nurse_jp, site_a, nurse_a):
    wrist = make_hip_episode(sakura, nurse_jp, fracture_site="wrist")
    uk_hip = make_hip_episode(site_a, nurse_a)
    for episode, by in ((wrist, nurse_jp), (uk_hip, nurse_a)):
        with pytest.raises(ValidationError):
            add(episode, by)


def test_a_manager_cannot_record_an_admission(episode, manager_jp):
    with pytest.raises(PermissionDenied):
        add(episode, manager_jp)


def test_the_facility_standard_is_saved_by_a_manager_and_refused_when_stale(sakura, manager_jp, admin_jp,
                                                                            nurse_jp):
    services.facility_standard_save(site=sakura, by=manager_jp, expected_version=NO_RECORD, doctor=" 佐藤 ",
                                    nurse="伊藤", pharmacist="", last_training_on=date(2026, 1, 5))
    standard = FacilityStandard.objects.get(site=sakura)
    assert (standard.doctor, standard.version) == ("佐藤", 1)
    services.facility_standard_save(site=sakura, by=admin_jp, expected_version=1, pharmacist="加藤",
                                    pharmacist_at_partner_pharmacy=True)
    with pytest.raises(StaleRecord):
        services.facility_standard_save(site=sakura, by=manager_jp, expected_version=1, nurse="別人")
    with pytest.raises(PermissionDenied):
        services.facility_standard_save(site=sakura, by=nurse_jp, expected_version=2, nurse="別人")
    with pytest.raises(ValidationError) as exc:
        services.facility_standard_save(site=sakura, by=manager_jp, expected_version=2,
                                        last_training_on=date(2026, 3, 11))
    assert "last_training_on" in exc.value.message_dict
    standard.refresh_from_db()
    assert (standard.pharmacist, standard.nurse, standard.version) == ("加藤", "伊藤", 2)
    assert [h.history_user for h in standard.history.order_by("history_date")] == [manager_jp, admin_jp]
