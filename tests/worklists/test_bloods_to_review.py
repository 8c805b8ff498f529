"""The clinician's abnormal bloods are read from each result's mirrored needs_review and its copy of the
episode's site. Both follow every write (the blood services, the decision, the pathway's moves, queryset
updates), agree with a live recount by the Python rule (assessments.rules.is_out_of_range), and the list holds
what the old query over the episodes found."""
import importlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import BLOOD_REVIEW_STATES, BloodResult, TreatmentDecision
from patients import pathway
from patients.models import DecisionStatus, FractureEpisode
from patients.models import EpisodeState as S
from worklists import selectors

from .builders import TODAY, accepted_through_the_pathway, episode_at, with_assessment, with_blood, with_decision

pytestmark = pytest.mark.django_db


def _live_needs_review(result: BloodResult) -> bool:
    """The list's definition, worked out in Python from the rows as they are now."""
    episode = FractureEpisode.objects.get(pk=result.assessment.episode_id)
    return (result.is_out_of_range and not result.entered_in_error and episode.state in BLOOD_REVIEW_STATES
            and episode.decision_status != DecisionStatus.SIGNED)


def _stored_and_live():
    results = BloodResult.objects.select_related("assessment")
    return {r.pk: (r.needs_review, _live_needs_review(r)) for r in results}


def _flag(result) -> bool:
    return BloodResult.objects.values_list("needs_review", flat=True).get(pk=result.pk)


def _add(episode, by, value, **fields):
    return services.blood_result_add(episode=episode, by=by, test="calcium", value=Decimal(value), unit="mmol/L",
                                     reference_low=Decimal("2.20"), reference_high=Decimal("2.60"), **fields)


@pytest.fixture
def accepted(site_a, nurse_a):
    return accepted_through_the_pathway(site_a, nurse_a, local_id="R0001", family_name="Review", given_name="Rita",
                                        date_of_birth=date(1944, 2, 9))


def test_a_result_saved_through_the_service_carries_its_site_and_flag(accepted, nurse_a):
    high, normal = _add(accepted, nurse_a, "2.95"), _add(accepted, nurse_a, "2.40")
    assert {r.site_id for r in (high, normal)} == {accepted.site_id}
    assert (_flag(high), _flag(normal)) == (True, False)


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


def test_queryset_updates_of_results_and_decisions_refresh_the_flag(site_a, nurse_a):
    episode = episode_at(site_a, "assessed")
    result = with_blood(with_assessment(episode, nurse_a), nurse_a, value="2.40")
    assert _flag(result) is False
    BloodResult.objects.filter(pk=result.pk).update(value=Decimal("3.10"))
    assert _flag(result) is True
    with_decision(episode, nurse_a)
    assert _flag(result) is True
    TreatmentDecision.objects.filter(episode=episode).update(signed_off_at=timezone.now(), signed_off_by=nurse_a)
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
    return made


def test_the_stored_flag_and_site_equal_a_live_recount(varied_results):
    both = _stored_and_live()
    assert len(both) == len(varied_results)
    assert {pk: stored for pk, (stored, _) in both.items()} == {pk: live for pk, (_, live) in both.items()}
    assert {stored for stored, _ in both.values()} == {True, False}
    assert all(r.site_id == r.assessment.episode.site_id
               for r in BloodResult.objects.select_related("assessment__episode"))


def test_the_list_holds_what_the_query_over_the_episodes_found(varied_results, clinician_a):
    from django.db.models import F, Q

    before = (BloodResult.objects.filter(
        Q(flagged_abnormal=True) | Q(value__lt=F("reference_low")) | Q(value__gt=F("reference_high")),
        entered_in_error=False, assessment__episode__site_id__in=[clinician_a.memberships.get().site_id],
        assessment__episode__state__in=BLOOD_REVIEW_STATES)
        .exclude(assessment__episode__decision_status=DecisionStatus.SIGNED).order_by("recorded_at", "id"))
    listed = selectors.abnormal_bloods_to_review(clinician_a)
    assert [b.pk for b in listed] == [b.pk for b in before]
    assert listed and all(b.is_out_of_range for b in listed)


def test_the_page_shows_each_result_to_review(client, varied_results, clinician_a):
    client.force_login(clinician_a)
    response = client.get(reverse("worklists:clinician"))
    assert response.content.decode().count('data-testid="blood-row"') == len(response.context["bloods"]) > 0


def test_the_data_migration_fills_the_sites_and_flags_of_existing_rows(varied_results):
    BloodResult._base_manager.update(needs_review=False)
    migration = importlib.import_module("assessments.migrations.0004_fill_site_and_needs_review")
    # The step reads only the schema editor's connection (SQLite's cannot open inside the test's transaction).
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert all(stored == live for stored, live in _stored_and_live().values())
