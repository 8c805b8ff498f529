"""Signing off a treatment decision is a short, straight walk: lock the decision, move the episode (its event and
history), schedule the follow-ups, record the sign-off, refresh the worklists' read model. The number of SQL
statements it runs is pinned here, so a change that adds a lookup, a second lock of the same rows or a nested
move shows up as a failing number, not as a slower clinic (issue 15: 49 statements before the read model)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from followup.models import FollowUp

pytestmark = pytest.mark.django_db

# The statements of one sign-off of a decision left to primary care to start (so the follow-ups are scheduled at
# once), SAVEPOINTs included.
SIGN_OFF_STATEMENTS = 0


@pytest.fixture
def left_to_primary_care(assessed_episode, nurse_a):
    return services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                            initiated_by="primary_care", calcium_vitamin_d="start")


def test_signing_off_runs_a_pinned_number_of_statements(left_to_primary_care, clinician_a):
    with CaptureQueriesContext(connection) as statements:
        services.treatment_sign_off(decision=left_to_primary_care, by=clinician_a)
    assert FollowUp.objects.filter(episode_id=left_to_primary_care.episode_id).count() == 3
    listing = "\n".join(f"{i + 1}. {q['sql'][:160]}" for i, q in enumerate(statements.captured_queries))
    assert len(statements) == SIGN_OFF_STATEMENTS, listing
