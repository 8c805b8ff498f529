"""Signing off a treatment decision is a short, straight walk: lock the decision, move the episode (its event and
history), schedule the follow-ups, record the sign-off, refresh the worklists' read model. The number of SQL
statements it runs is pinned here, so a change that adds a lookup, a second lock of the same rows or a nested
move shows up as a failing number, not as a slower clinic (issue 15: 49 statements before the read model)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from followup.models import FollowUp
from followup.services import settings_for_site

pytestmark = pytest.mark.django_db

# The statements of one sign-off of a decision left to primary care to start (so the follow-ups are scheduled at
# once), SAVEPOINTs included: lock the decision, lock and move the episode (update, history, event), read the
# decision and the follow-ups for the schedule, the follow-ups' ids, move on to in follow-up, save the sign-off
# (update, history), refresh the read model (3 deletes, 3 inserts). Besides these, the three follow-ups and their
# history rows go in with two COPYs on PostgreSQL (fls.inserts), which Django's query log does not see; on SQLite
# (the embedded default) they are two INSERTs, and there is no sequence to read.
# Then the safety check under the decision's lock (issue 16): the patient, and what the rules read (assessment,
# vertebral fractures, blood results, the patient's vertebral episodes, the FRAX table, the site's settings): 7.
# Before the read model and the flat reactions: 49 (issue 15); with the read model refreshed after every move: 68;
# issue 15's walk: 25 (sqlite 26).
# Then the decision's course (issue 17, treatment.services.course_from_decision): look for the decision's course,
# insert it and its history, read the site's treatment settings, insert the plan's items: 5.
SIGN_OFF_STATEMENTS = {"postgresql": 37, "sqlite": 38}


@pytest.fixture
def left_to_primary_care(assessed_episode, nurse_a):
    settings_for_site(assessed_episode.site)  # a site's follow-up settings exist after its first sign-off
    return services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                            initiated_by="primary_care", calcium_vitamin_d="start")


def test_signing_off_runs_a_pinned_number_of_statements(left_to_primary_care, clinician_a):
    with CaptureQueriesContext(connection) as statements:
        services.treatment_sign_off(decision=left_to_primary_care, by=clinician_a)
    assert FollowUp.objects.filter(episode_id=left_to_primary_care.episode_id).count() == 3
    listing = "\n".join(f"{i + 1}. {q['sql'][:160]}" for i, q in enumerate(statements.captured_queries))
    assert len(statements) == SIGN_OFF_STATEMENTS[connection.vendor], listing
