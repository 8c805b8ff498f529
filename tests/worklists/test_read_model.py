"""The worklists' read model (worklists.read_model): its facts of each episode (dxa_pending, decision_status)
follow the assessment and treatment decision through every service, it holds exactly the episodes in a worklist
state, the tabs built on it hold the episodes the records say, `check_worklist` finds every kind of difference
(stale, missing, extra) and `rebuild_worklist` mends them."""
import importlib
from types import SimpleNamespace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from assessments import services
from assessments.models import Assessment, TreatmentDecision
from fls.roles import CLINICIAN, NURSE
from patients.models import WORKLIST_STATES, FractureEpisode
from patients.models import EpisodeState as S
from tests.factories import UserFactory
from worklists import selectors
from worklists.models import WorklistEpisode

from .builders import TODAY, accepted_through_the_pathway, episode_at, with_assessment, with_decision, with_follow_up

pytestmark = pytest.mark.django_db


def _live_facts():
    """Each episode's facts worked out from its assessment and decision rows, as the tabs used to test them."""
    awaiting_result = Assessment.objects.filter(episode_id=OuterRef("pk"), dxa_requested_on__isnull=False,
                                                dxa_performed_on__isnull=True)
    decision = TreatmentDecision.objects.filter(episode_id=OuterRef("pk")).annotate(
        live=Case(When(signed_off_at__isnull=True, then=Value("drafted")), default=Value("signed")))
    return FractureEpisode.objects.filter(state__in=WORKLIST_STATES).annotate(
        live_dxa_pending=Exists(awaiting_result),
        live_decision_status=Coalesce(Subquery(decision.values("live")[:1]), Value("")),
    )


def _stored_and_live():
    """{episode: (stored facts, live facts)} for every episode in a worklist state or in the read model."""
    stored = {pk: (dxa, decision) for pk, dxa, decision in
              WorklistEpisode.objects.values_list("pk", "dxa_pending", "decision_status")}
    live = {pk: (dxa, decision) for pk, dxa, decision in
            _live_facts().values_list("pk", "live_dxa_pending", "live_decision_status")}
    return {pk: (stored.get(pk), live.get(pk)) for pk in stored.keys() | live.keys()}


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
    return WorklistEpisode.objects.values_list("dxa_pending", "decision_status").get(pk=episode.pk)


def _tabs_holding(user, episode):
    """The tabs listing `episode`, the only episode at its site; each tab's count must say the same."""
    holding = [key for key in selectors.TAB_KEYS
               if episode.pk in {e.pk for e in selectors.tab_rows(user, key, selectors.Filters(), today=TODAY)}]
    counts = selectors.tab_counts(user, selectors.Filters(), today=TODAY)
    assert {key: counts[key] for key in selectors.TAB_KEYS} == {key: int(key in holding) for key in selectors.TAB_KEYS}
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


def test_a_blood_result_that_starts_the_assessment_is_reflected(accepted, nurse_a):
    services.blood_result_add(episode=accepted, by=nurse_a, test="calcium", value=Decimal("2.4"), unit="mmol/L",
                              reference_low=Decimal("2.2"), reference_high=Decimal("2.6"))
    assert Assessment.objects.filter(episode=accepted).exists()
    assert _facts(accepted) == (False, "")


def test_refreshing_leaves_the_episodes_history_and_version_alone(accepted, nurse_a):
    accepted.refresh_from_db()
    version, history = accepted.version, accepted.history.count()
    services.assessment_record_part(episode=accepted, part="dxa", by=nurse_a, expected_version=None,
                                    dxa_requested_on=TODAY - timedelta(days=3))
    accepted.refresh_from_db()
    assert _facts(accepted) == (True, "")
    assert (accepted.version, accepted.history.count()) == (version, history)


def test_an_episode_leaving_the_worklist_states_leaves_the_read_model_and_coming_back_returns(accepted, nurse_a,
                                                                                            clinician):
    from patients import pathway

    pathway.exclude(accepted, by=nurse_a, reason="Not a fragility fracture")
    assert not WorklistEpisode.objects.filter(pk=accepted.pk).exists()
    pathway.override_exclusion(accepted, by=clinician, reason="Fell from standing after all")
    assert WorklistEpisode.objects.get(pk=accepted.pk).state == S.IDENTIFIED


def test_reassigning_an_episode_moves_it_and_its_follow_ups_to_the_new_nurse(site_a, nurse_a):
    from patients.services import episode_assign
    from worklists.models import WorklistFollowUp

    other = UserFactory(username="nurse_other", roles=[NURSE], sites=[site_a])
    episode = episode_at(site_a, S.IN_FOLLOW_UP, nurse=nurse_a)
    with_follow_up(episode, opens=TODAY - timedelta(days=3), closes=TODAY + timedelta(days=9))
    episode_assign(episode=episode, nurse=other, by=nurse_a)
    assert WorklistEpisode.objects.get(pk=episode.pk).assigned_nurse_id == other.pk
    assert set(WorklistFollowUp.objects.filter(episode=episode).values_list("assigned_nurse_id", flat=True)) == {other.pk}
    mine = selectors.Filters(nurse="mine")
    assert selectors.tab_counts(other, mine, today=TODAY)["due"] == 1
    assert selectors.tab_counts(nurse_a, mine, today=TODAY)["due"] == 0


@pytest.mark.worklist_read_model_unchecked
def test_the_check_lists_stale_missing_and_extra_rows_and_a_rebuild_mends_them(site_a, nurse_a, capsys):
    stale = episode_at(site_a, "assessed")
    missing = episode_at(site_a, "identified")
    extra = episode_at(site_a, "awaiting_assessment")
    call_command("check_worklist")
    assert "equals a rebuild" in capsys.readouterr().out
    FractureEpisode.objects.filter(pk=stale.pk).update(fracture_site="wrist")  # behind the services' back
    WorklistEpisode.objects.filter(pk=missing.pk).delete()
    FractureEpisode.objects.filter(pk=extra.pk).update(state=S.COMPLETED)
    with pytest.raises(CommandError) as failed:
        call_command("check_worklist")
    assert failed.value.returncode == 1
    listed = capsys.readouterr().out
    assert f"stale or extra: ({stale.pk}," in listed and f"missing: ({stale.pk}," in listed
    assert f"missing: ({missing.pk}," in listed and f"stale or extra: ({extra.pk}," in listed
    assert f"missing: ({extra.pk}," not in listed
    call_command("rebuild_worklist")
    assert "Worklist read model rebuilt" in capsys.readouterr().out
    call_command("check_worklist")
    assert WorklistEpisode.objects.get(pk=stale.pk).fracture_site == "wrist"
    assert not WorklistEpisode.objects.filter(pk=extra.pk).exists()


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
    assert len(both) == len([e for e in varied_episodes if e.state in WORKLIST_STATES]) < len(varied_episodes)
    assert {pk: stored for pk, (stored, _) in both.items()} == {pk: live for pk, (_, live) in both.items()}
    assert {stored for stored, _ in both.values()} >= {(False, ""), (True, ""), (False, "drafted"), (True, "signed")}


def test_each_tab_holds_the_episodes_the_records_say(varied_episodes, nurse_a):
    before = _tabs_before_the_mirror(TODAY)
    sites = [e.site_id for e in varied_episodes]
    visible = FractureEpisode.objects.filter(site_id__in=sites)
    read = WorklistEpisode.objects.filter(site_id__in=sites)
    for key, condition in before.items():
        assert (set(read.filter(selectors.tab_condition(key, TODAY)).values_list("pk", flat=True))
                == set(visible.filter(condition).values_list("pk", flat=True))), key
    counts = selectors.tab_counts(nurse_a, selectors.Filters(), today=TODAY)
    mine = FractureEpisode.objects.filter(site__memberships__user=nurse_a)
    for key, condition in before.items():
        assert counts[key] == mine.filter(condition).count(), key


def test_the_migration_that_makes_the_read_model_fills_it_from_existing_rows(varied_episodes):
    WorklistEpisode.objects.all().delete()
    migration = importlib.import_module("worklists.migrations.0003_worklist_read_model")
    # The step reads only the schema editor's connection (SQLite's cannot open inside the test's transaction).
    migration.fill(apps, SimpleNamespace(connection=connection))
    both = _stored_and_live()
    assert all(stored == live for stored, live in both.values())
