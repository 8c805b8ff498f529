"""The worklist facts mirrored onto each episode (dxa_pending, decision_status) follow its assessment and
treatment decision through every write, and the tabs built on them hold the same episodes as before."""
import importlib
from types import SimpleNamespace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, TreatmentDecision
from fls.roles import CLINICIAN
from patients.models import EpisodeState as S
from patients.models import FractureEpisode
from tests.factories import UserFactory
from worklists import selectors

from .builders import TODAY, accepted_through_the_pathway, episode_at, with_assessment, with_decision, with_follow_up

pytestmark = pytest.mark.django_db


def _live_facts():
    """Each episode's facts worked out from its assessment and decision rows, as the tabs used to test them."""
    awaiting_result = Assessment.objects.filter(episode_id=OuterRef("pk"), dxa_requested_on__isnull=False,
                                                dxa_performed_on__isnull=True)
    decision = TreatmentDecision.objects.filter(episode_id=OuterRef("pk")).annotate(
        live=Case(When(signed_off_at__isnull=True, then=Value("drafted")), default=Value("signed")))
    return FractureEpisode.objects.annotate(
        live_dxa_pending=Exists(awaiting_result),
        live_decision_status=Coalesce(Subquery(decision.values("live")[:1]), Value("")),
    )


def _stored_and_live():
    rows = _live_facts().values_list("pk", "dxa_pending", "decision_status", "live_dxa_pending", "live_decision_status")
    return {pk: ((stored_dxa, stored_decision), (live_dxa, live_decision))
            for pk, stored_dxa, stored_decision, live_dxa, live_decision in rows}


def _tabs_before_the_mirror(today):
    """The five steps before follow-up as they were defined on the assessment and decision rows."""
    pending = Exists(Assessment.objects.filter(episode_id=OuterRef("pk"), dxa_requested_on__isnull=False,
                                               dxa_performed_on__isnull=True))
    any_decision = Exists(TreatmentDecision.objects.filter(episode_id=OuterRef("pk")))
    unsigned = Exists(TreatmentDecision.objects.filter(episode_id=OuterRef("pk"), signed_off_at__isnull=True))
    return {
        "triage": Q(state=S.IDENTIFIED),
        "assessment": Q(state=S.AWAITING_ASSESSMENT) & ~Q(pending),
        "dxa": Q(state__in=[S.AWAITING_ASSESSMENT, S.ASSESSED]) & Q(pending),
        "decision": Q(state=S.ASSESSED) & ~Q(any_decision) & ~Q(pending),
        "signoff": Q(state__in=[S.ASSESSED, S.TREATMENT_DECIDED]) & Q(unsigned),
    }


def _facts(episode):
    return FractureEpisode.objects.values_list("dxa_pending", "decision_status").get(pk=episode.pk)


def _tabs_holding(user, episode):
    """The tabs listing `episode`, the only episode at its site; each tab's count must say the same."""
    holding = [key for key in selectors.TAB_KEYS
               if episode.pk in {e.pk for e in selectors.tab_rows(user, key, selectors.Filters(), today=TODAY)}]
    assert selectors.tab_counts(user, selectors.Filters(), today=TODAY) == {
        key: int(key in holding) for key in selectors.TAB_KEYS}
    return holding


@pytest.fixture
def clinician(site_a):
    return UserFactory(username="clinician_mirror", roles=[CLINICIAN], sites=[site_a])


@pytest.fixture
def accepted(site_a, nurse_a):
    return accepted_through_the_pathway(site_a, nurse_a, fracture_site="wrist", local_id="M0001",
                                        family_name="Mirror", given_name="Maud", date_of_birth=date(1946, 5, 2))


def test_the_facts_follow_the_episode_through_the_real_services(accepted, nurse_a, clinician):
    episode = accepted
    assert _facts(episode) == (False, "")
    assert _tabs_holding(nurse_a, episode) == ["assessment"]

    services.assessment_record_part(episode=episode, part="dxa", by=nurse_a, expected_version=None,
                                    dxa_requested_on=TODAY - timedelta(days=10))
    assert _facts(episode) == (True, "")
    assert _tabs_holding(nurse_a, episode) == ["dxa"]

    assessment = services.assessment_record_part(
        episode=episode, part="dxa", by=nurse_a, expected_version=None, dxa_performed_on=TODAY - timedelta(days=2),
        t_score_lumbar_spine=Decimal("-2.8"))
    assert _facts(episode) == (False, "")
    assert _tabs_holding(nurse_a, episode) == ["assessment"]

    services.assessment_complete(episode=episode, by=nurse_a)
    assert _tabs_holding(nurse_a, episode) == ["decision"]

    decision = services.treatment_decision_save(episode=episode, by=nurse_a, recommendation="alendronate",
                                                initiated_by="primary_care")
    assert _facts(episode) == (False, "drafted")
    assert _tabs_holding(nurse_a, episode) == ["signoff"]

    services.treatment_sign_off(decision=decision, by=clinician)
    episode.refresh_from_db()
    assert _facts(episode) == (False, "signed")
    # Left to primary care to start, so the follow-ups are scheduled at once: the episode is in follow-up.
    assert episode.state == S.IN_FOLLOW_UP
    assert not {"triage", "assessment", "dxa", "decision", "signoff"} & set(_tabs_holding(nurse_a, episode))
    stored, live = _stored_and_live()[episode.pk]
    assert assessment.episode_id == episode.pk and stored == live


def test_a_blood_result_that_starts_the_assessment_mirrors_it(accepted, nurse_a):
    services.blood_result_add(episode=accepted, by=nurse_a, test="calcium", value=Decimal("2.4"), unit="mmol/L",
                              reference_low=Decimal("2.2"), reference_high=Decimal("2.6"))
    assert Assessment.objects.filter(episode=accepted).exists()
    assert _facts(accepted) == (False, "")


def test_mirroring_leaves_the_episodes_history_and_version_alone(accepted, nurse_a):
    accepted.refresh_from_db()
    version, history = accepted.version, accepted.history.count()
    services.assessment_record_part(episode=accepted, part="dxa", by=nurse_a, expected_version=None,
                                    dxa_requested_on=TODAY - timedelta(days=3))
    accepted.refresh_from_db()
    assert accepted.dxa_pending is True
    assert (accepted.version, accepted.history.count()) == (version, history)


def test_a_queryset_update_of_an_assessment_or_decision_mirrors_it_too(site_a, nurse_a):
    episode = episode_at(site_a, "assessed")
    with_assessment(episode, nurse_a, dxa_requested=True)
    with_decision(episode, nurse_a)
    assert _facts(episode) == (True, "drafted")
    Assessment.objects.filter(episode=episode).update(dxa_performed_on=TODAY)
    TreatmentDecision.objects.filter(episode=episode).update(signed_off_at=timezone.now(), signed_off_by=nurse_a)
    assert _facts(episode) == (False, "signed")


def test_an_episode_saved_whole_from_a_stale_copy_keeps_the_facts(site_a, nurse_a):
    stale = FractureEpisode.objects.get(pk=episode_at(site_a, "awaiting_assessment").pk)
    with_assessment(stale, nurse_a, dxa_requested=True)
    stale.previous_fractures_note = "Wrist 2019"
    stale.save()
    assert _facts(stale) == (True, "")
    assert FractureEpisode.objects.get(pk=stale.pk).previous_fractures_note == "Wrist 2019"


@pytest.fixture
def varied_episodes(site_a, site_b, nurse_a, nurse_b):
    """Episodes at every combination of assessment and decision the builders can make, at two sites."""
    made = []
    for site, nurse in ((site_a, nurse_a), (site_b, nurse_b)):
        for state in (S.IDENTIFIED, S.AWAITING_ASSESSMENT, S.ASSESSED, S.TREATMENT_DECIDED, S.IN_FOLLOW_UP,
                      S.LOST_TO_FOLLOW_UP, S.COMPLETED):
            for assessment in (None, "none", "requested", "done"):
                for decision in (None, "drafted", "signed"):
                    episode = episode_at(site, state, nurse=nurse if len(made) % 3 else None)
                    if assessment:
                        with_assessment(episode, nurse, dxa_requested=assessment != "none",
                                        dxa_done=assessment == "done")
                    if decision:
                        with_decision(episode, nurse, signed_off=decision == "signed")
                    if state == S.IN_FOLLOW_UP and len(made) % 2:
                        with_follow_up(episode, opens=TODAY - timedelta(days=3), closes=TODAY + timedelta(days=9))
                    made.append(episode)
    return made


def test_the_stored_facts_equal_a_live_recomputation(varied_episodes):
    both = _stored_and_live()
    assert len(both) == len(varied_episodes)
    assert {pk: stored for pk, (stored, _) in both.items()} == {pk: live for pk, (_, live) in both.items()}
    assert {stored for stored, _ in both.values()} >= {(False, ""), (True, ""), (False, "drafted"), (True, "signed")}


def test_each_tab_holds_the_episodes_it_held_before_the_mirror(varied_episodes, nurse_a):
    before = _tabs_before_the_mirror(TODAY)
    visible = FractureEpisode.objects.filter(site_id__in=[e.site_id for e in varied_episodes])
    for key, condition in before.items():
        assert (set(visible.filter(selectors.tab_condition(key, TODAY)).values_list("pk", flat=True))
                == set(visible.filter(condition).values_list("pk", flat=True))), key
    counts = selectors.tab_counts(nurse_a, selectors.Filters(), today=TODAY)
    mine = FractureEpisode.objects.filter(site__memberships__user=nurse_a)
    for key, condition in before.items():
        assert counts[key] == mine.filter(condition).count(), key


def test_the_data_migration_fills_the_facts_of_existing_rows(varied_episodes):
    FractureEpisode.objects.update(dxa_pending=False, decision_status="")
    migration = importlib.import_module("assessments.migrations.0002_fill_episode_worklist_facts")
    # The step reads only the schema editor's connection (SQLite's cannot open inside the test's transaction).
    migration.fill(apps, SimpleNamespace(connection=connection))
    both = _stored_and_live()
    assert all(stored == live for stored, live in both.values())
