"""The one write helper (fls.records): an edit locks the record, is refused over a newer save with the names of
what changed, bumps the version and records who made it; a first save over a record someone else made meanwhile
is refused the same way, even when theirs commits between the check and the insert."""
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import RequestFactory
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments.models import Assessment
from fls.records import record_create, record_lock, record_save, record_update
from fls.versioning import NO_RECORD, StaleRecord
from patients.models import Patient
from tests.factories import FractureEpisodeFactory, PatientFactory

STALE = ("Someone else changed this record while you were editing it ({}). "
         "Your changes were not saved: review the current values and make your change again.")


def first_save_of_the_assessment(episode, *, by, expected_version, **fields):
    """What a service saving part of an episode's assessment does: edit it if there is one, else make it."""
    with transaction.atomic():
        assessment = record_lock(Assessment, expected_version=expected_version, or_none=True, episode=episode)
        if assessment is not None:
            return record_save(assessment, by=by, fields=fields)
        return record_create(Assessment, lookup={"episode": episode}, expected_version=expected_version, by=by,
                             fields={"assessed_on": timezone.localdate(), "assessed_by": by, **fields})


@pytest.mark.django_db
def test_an_edit_sets_the_fields_bumps_the_version_and_records_who_made_it(site_a, nurse_a):
    patient = PatientFactory(site=site_a, phone="01632 960000")

    saved = record_update(patient, expected_version=1, fields={"phone": "01632 960111"}, by=nurse_a)

    stored = Patient.objects.get(pk=patient.pk)
    assert (saved.version, stored.version, stored.phone) == (2, 2, "01632 960111")
    latest = stored.history.first()
    assert (latest.history_type, latest.history_user, latest.phone) == ("~", nurse_a, "01632 960111")


@pytest.mark.django_db
def test_an_edit_over_a_newer_save_is_refused_naming_what_changed(site_a, nurse_a, clinician_a):
    patient = PatientFactory(site=site_a, phone="01632 960000", postcode="AB1 2CD")
    record_update(patient, expected_version=1, fields={"phone": "01632 960222", "postcode": "AB1 9ZZ"}, by=clinician_a)

    with pytest.raises(StaleRecord) as refused:
        record_update(patient, expected_version=1, fields={"phone": "01632 960333"}, by=nurse_a)

    assert refused.value.changed_fields == ["phone", "postcode"]
    assert refused.value.messages == [STALE.format("phone, postcode")]
    stored = Patient.objects.get(pk=patient.pk)
    assert (stored.phone, stored.version, stored.history.count()) == ("01632 960222", 2, 2)


@pytest.mark.django_db
def test_an_edit_by_the_system_is_no_ones_even_inside_someones_request(site_a, nurse_a):
    patient = PatientFactory(site=site_a, created_by=nurse_a)
    request = RequestFactory().post("/")
    request.user = nurse_a
    HistoricalRecords.context.request = request  # as simple-history's request middleware leaves it
    try:
        record_update(patient, expected_version=None, fields={"phone": "01632 960444"}, by=None)
    finally:
        del HistoricalRecords.context.request

    assert Patient.objects.get(pk=patient.pk).history.first().history_user is None


@pytest.mark.django_db
def test_a_first_save_records_who_made_it_at_version_one(site_a, nurse_a):
    episode = FractureEpisodeFactory(patient__site=site_a)

    made = first_save_of_the_assessment(episode, by=nurse_a, expected_version=NO_RECORD, falls_last_12_months=2)

    stored = Assessment.objects.get(episode=episode)
    assert (made.pk, stored.version, stored.falls_last_12_months) == (stored.pk, 1, 2)
    assert [(h.history_type, h.history_user) for h in stored.history.all()] == [("+", nurse_a)]


@pytest.mark.django_db
def test_a_second_first_save_is_refused_like_an_edit_over_a_newer_save(site_a, nurse_a, clinician_a):
    episode = FractureEpisodeFactory(patient__site=site_a)
    first_save_of_the_assessment(episode, by=clinician_a, expected_version=NO_RECORD, falls_last_12_months=2)

    with pytest.raises(StaleRecord) as refused:
        first_save_of_the_assessment(episode, by=nurse_a, expected_version=NO_RECORD, falls_last_12_months=0)

    assert refused.value.messages == [STALE.format("the record")]
    assert Assessment.objects.get(episode=episode).falls_last_12_months == 2


def _made_by_another_connection_after_the_lock_finds_none(made_by, falls):
    """An execute wrapper: right after this connection's lock finds no assessment, another connection makes
    the first save and commits, before this one inserts."""
    done = []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not done and 'FROM "assessments_assessment"' in sql and "FOR UPDATE" in sql:
            done.append(True)
            episode, user = made_by
            failures = []

            def other():
                try:
                    first_save_of_the_assessment(episode, by=user, expected_version=NO_RECORD,
                                                 falls_last_12_months=falls)
                except Exception as exc:  # reported in the test's thread
                    failures.append(exc)
                finally:
                    connections.close_all()

            thread = threading.Thread(target=other)
            thread.start()
            thread.join(30)
            assert not failures, failures
        return result

    return wrapper, done


@pytest.mark.django_db(transaction=True)
def test_a_first_save_committed_between_the_check_and_the_insert_refuses_the_other(site_a, nurse_a, clinician_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and a second connection are what is tested here")
    episode = FractureEpisodeFactory(patient__site=site_a)
    wrapper, done = _made_by_another_connection_after_the_lock_finds_none((episode, clinician_a), falls=2)

    with connection.execute_wrapper(wrapper), pytest.raises(StaleRecord) as refused:
        first_save_of_the_assessment(episode, by=nurse_a, expected_version=NO_RECORD, falls_last_12_months=0)

    assert done, "the other save was never made between the lock and the insert"
    assert refused.value.messages == [STALE.format("the record")]
    stored = Assessment.objects.get(episode=episode)
    assert (stored.falls_last_12_months, stored.assessed_by, stored.version) == (2, clinician_a, 1)


@pytest.mark.django_db(transaction=True)
def test_with_no_form_to_defend_a_first_save_made_meanwhile_is_used(site_a, nurse_a, clinician_a):
    """Adding a blood result only needs the assessment to exist: the one the other connection made is used."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks and a second connection are what is tested here")
    episode = FractureEpisodeFactory(patient__site=site_a)
    wrapper, done = _made_by_another_connection_after_the_lock_finds_none((episode, clinician_a), falls=2)

    with connection.execute_wrapper(wrapper):
        with transaction.atomic():
            assessment = record_lock(Assessment, or_none=True, episode=episode)
            assert assessment is None
            assessment = record_create(Assessment, lookup={"episode": episode}, expected_version=None, by=nurse_a,
                                       fields={"assessed_on": timezone.localdate(), "assessed_by": nurse_a})

    assert done
    assert (assessment.pk, assessment.falls_last_12_months) == (Assessment.objects.get(episode=episode).pk, 2)


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_keep_one_and_refuse_the_other(site_a, nurse_a, clinician_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and a second connection are what is tested here")
    episode = FractureEpisodeFactory(patient__site=site_a)
    both_looked = threading.Barrier(2, timeout=30)
    outcomes = {}

    def save(user, falls):
        def wait_for_the_other_after_the_lock(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if 'FROM "assessments_assessment"' in sql and "FOR UPDATE" in sql and user.pk not in outcomes:
                outcomes[user.pk] = "looked"
                both_looked.wait()  # both found no assessment: the unique constraint must decide
            return result

        try:
            with connection.execute_wrapper(wait_for_the_other_after_the_lock):
                first_save_of_the_assessment(episode, by=user, expected_version=NO_RECORD,
                                             falls_last_12_months=falls)
            outcomes[user.pk] = "saved"
        except StaleRecord:
            outcomes[user.pk] = "refused"
        except Exception as exc:
            outcomes[user.pk] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(nurse_a, 0)), threading.Thread(target=save, args=(clinician_a, 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(map(str, outcomes.values())) == ["refused", "saved"], outcomes
    winner = nurse_a if outcomes[nurse_a.pk] == "saved" else clinician_a
    stored = Assessment.objects.get(episode=episode)
    assert (stored.assessed_by, stored.version) == (winner, 1)
