"""The clinician's abnormal bloods are read from the worklists' read model (WorklistBloodResult, with the
episode's site). It follows every write the services make (the blood services, the decision, the pathway's
moves), agrees with a live recount by the Python rule (assessments.rules.is_out_of_range), and the list holds
what a query over the episodes finds. A change made behind the services' back is found by `check_worklist`
and mended by `rebuild_worklist`."""
import importlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import BLOOD_REVIEW_STATES, BloodResult, TreatmentDecision
from patients import pathway
from patients.models import FractureEpisode
from patients.models import EpisodeState as S
from worklists import selectors
from worklists.models import WorklistBloodResult

from fls.read_models import episodes_changed

from .builders import accepted_through_the_pathway, episode_at, with_assessment, with_blood, with_decision

pytestmark = pytest.mark.django_db


def _live_needs_review(result: BloodResult) -> bool:
    """The list's definition, worked out in Python from the rows as they are now."""
    episode = FractureEpisode.objects.get(pk=result.assessment.episode_id)
    signed = TreatmentDecision.objects.filter(episode=episode, signed_off_at__isnull=False).exists()
    return (result.is_out_of_range and not result.entered_in_error and episode.state in BLOOD_REVIEW_STATES
            and not signed)


def _stored_and_live():
    results = BloodResult.objects.select_related("assessment")
    stored = set(WorklistBloodResult.objects.values_list("pk", flat=True))
    return {r.pk: (r.pk in stored, _live_needs_review(r)) for r in results}


def _flag(result) -> bool:
    return WorklistBloodResult.objects.filter(pk=result.pk).exists()


def _add(episode, by, value, **fields):
    return services.blood_result_add(episode=episode, by=by, test="calcium", value=Decimal(value), unit="mmol/L",
                                     reference_low=Decimal("2.20"), reference_high=Decimal("2.60"), **fields)


@pytest.fixture
def accepted(site_a, nurse_a):
    return accepted_through_the_pathway(site_a, nurse_a, local_id="R0001", family_name="Review", given_name="Rita",
                                        date_of_birth=date(1944, 2, 9))


def test_a_result_saved_through_the_service_is_listed_at_its_episodes_site_when_out_of_range(accepted, nurse_a):
    high, normal = _add(accepted, nurse_a, "2.95"), _add(accepted, nurse_a, "2.40")
    assert (_flag(high), _flag(normal)) == (True, False)
    assert WorklistBloodResult.objects.get(pk=high.pk).site_id == accepted.site_id


def test_a_result_entered_in_error_leaves_the_list(accepted, nurse_a):
    high = _add(accepted, nurse_a, "1.90")
    services.blood_result_mark_entered_in_error(result=high, by=nurse_a)
    assert _flag(high) is False


def test_signing_the_decision_off_takes_the_episodes_results_off_the_list(accepted, nurse_a, clinician_a):
    high = _add(accepted, nurse_a, "2.95")
    services.assessment_complete(episode=accepted, by=nurse_a)
    decision = services.treatment_decision_save(episode=accepted, by=nurse_a, recommendation="alendronate",
                                                initiated_by="primary_care")
    assert decision.site_id == accepted.site_id
    assert _flag(high) is True
    services.treatment_sign_off(decision=decision, by=clinician_a)
    assert _flag(high) is False


def test_leaving_the_pathway_and_coming_back_follow_the_episodes_state(accepted, nurse_a, clinician_a):
    high = _add(accepted, nurse_a, "2.95")
    pathway.exclude(accepted, by=nurse_a, reason="Not a fragility fracture")
    assert _flag(high) is False
    pathway.override_exclusion(accepted, by=clinician_a, reason="Fell from standing after all")
    assert _flag(high) is True
    pathway.accept_for_assessment(accepted, by=nurse_a)
    pathway.mark_lost_to_follow_up(accepted, by=nurse_a, reason="Moved away")
    assert _flag(high) is False
    assert all(stored == live for stored, live in _stored_and_live().values())


@pytest.mark.worklist_read_model_unchecked
def test_a_change_behind_the_services_back_is_found_by_the_check_and_mended_by_a_rebuild(site_a, nurse_a, capsys):
    episode = episode_at(site_a, "assessed")
    result = with_blood(with_assessment(episode, nurse_a), nurse_a, value="2.40")
    call_command("check_worklist")
    BloodResult.objects.filter(pk=result.pk).update(value=Decimal("3.10"))  # no service: nothing refreshed
    assert _flag(result) is False
    with pytest.raises(CommandError) as failed:
        call_command("check_worklist")
    assert failed.value.returncode == 1
    assert f"worklists_worklistbloodresult: missing: ({result.pk}," in capsys.readouterr().out
    call_command("rebuild_worklist")
    assert _flag(result) is True
    call_command("check_worklist")
    TreatmentDecision.objects.filter(pk=with_decision(episode, nurse_a).pk).update(
        signed_off_at=timezone.now(), signed_off_by=nurse_a)
    with pytest.raises(CommandError):
        call_command("check_worklist")
    call_command("rebuild_worklist")
    assert _flag(result) is False


@pytest.fixture
def varied_results(site_a, site_b, nurse_a, nurse_b):
    """Results in range, out of range by each bound, with a bound or the value missing, qualitative (ticked
    abnormal or not), and entered in error, on episodes in every state with no, a drafted or a signed decision."""
    results = [("2.40", "2.2", "2.6", {}), ("1.90", "2.2", "2.6", {}), ("2.95", "2.2", "2.6", {}),
               ("2.95", "2.2", None, {}), ("1.90", None, "2.6", {}), ("3.50", None, None, {}),
               (None, "2.2", "2.6", {"result_text": "no paraprotein"}),
               (None, None, None, {"result_text": "paraprotein seen", "flagged_abnormal": True}),
               ("1.90", "2.2", "2.6", {"entered_in_error": True})]
    made = []
    for site, nurse in ((site_a, nurse_a), (site_b, nurse_b)):
        for state in (S.IDENTIFIED, S.AWAITING_ASSESSMENT, S.ASSESSED, S.TREATMENT_DECIDED, S.IN_FOLLOW_UP,
                      S.EXCLUDED, S.DIED):
            for decision in (None, "drafted", "signed"):
                episode = episode_at(site, state)
                assessment = with_assessment(episode, nurse)
                for value, low, high, extra in results:
                    made.append(BloodResult.objects.create(
                        assessment=assessment, test="other", test_name="test", value=value, reference_low=low,
                        reference_high=high, recorded_by=nurse, **extra))
                if decision:
                    with_decision(episode, nurse, signed_off=decision == "signed")
                episodes_changed([episode.pk])
    return made


def test_the_read_model_equals_a_live_recount_by_the_python_rule(varied_results):
    both = _stored_and_live()
    assert len(both) == len(varied_results)
    assert {pk: stored for pk, (stored, _) in both.items()} == {pk: live for pk, (_, live) in both.items()}
    assert {stored for stored, _ in both.values()} == {True, False}
    assert all(row.site_id == row.episode.site_id for row in WorklistBloodResult.objects.select_related("episode"))


def test_the_list_holds_what_the_query_over_the_episodes_found(varied_results, clinician_a):
    from django.db.models import F, Q

    before = (BloodResult.objects.filter(
        Q(flagged_abnormal=True) | Q(value__lt=F("reference_low")) | Q(value__gt=F("reference_high")),
        entered_in_error=False, assessment__episode__site_id__in=[clinician_a.memberships.get().site_id],
        assessment__episode__state__in=BLOOD_REVIEW_STATES)
        .exclude(assessment__episode__treatment_decision__signed_off_at__isnull=False).order_by("recorded_at", "id"))
    listed = selectors.abnormal_bloods_to_review(clinician_a)
    assert [b.pk for b in listed] == [b.pk for b in before]
    assert listed and all(b.is_out_of_range for b in listed)


def test_the_page_shows_each_result_to_review(client, varied_results, clinician_a):
    client.force_login(clinician_a)
    response = client.get(reverse("worklists:clinician"))
    assert response.content.decode().count('data-testid="blood-row"') == len(response.context["bloods"]) > 0


def test_the_migration_that_makes_the_read_model_fills_it_from_existing_rows(varied_results):
    WorklistBloodResult.objects.all().delete()
    migration = importlib.import_module("worklists.migrations.0003_worklist_read_model")
    # The step reads only the schema editor's connection (SQLite's cannot open inside the test's transaction).
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert all(stored == live for stored, live in _stored_and_live().values())
    assert any(stored for stored, _ in _stored_and_live().values())
