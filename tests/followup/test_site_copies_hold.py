"""A follow-up and a treatment decision carry their episode's site (for the scan's and the lists' indexes). Such a
copy is never kept in step because it never has to be: an episode stays at its site, and on PostgreSQL the
database holds each copy equal to the episode's (fls.migration_operations.SameSiteAsEpisode)."""
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from assessments.models import TreatmentDecision
from fls.read_models import episodes_changed
from followup.models import FollowUp
from patients.models import FractureEpisode
from tests.factories import SiteFactory
from tests.worklists.builders import TODAY, episode_at, with_decision, with_follow_up

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="a composite foreign key: PostgreSQL only (the embedded SQLite has none)")]


@pytest.fixture
def episode(site_a, nurse_a):
    episode = episode_at(site_a, "in_follow_up", nurse=nurse_a)
    with_decision(episode, nurse_a, signed_off=True)
    with_follow_up(episode, opens=TODAY - timedelta(days=3), closes=TODAY + timedelta(days=11))
    return episode


def test_an_episodes_site_cannot_change_under_its_follow_ups_and_decision(episode):
    elsewhere = SiteFactory()
    with pytest.raises(IntegrityError, match="site_is_its_episodes"), transaction.atomic():
        FractureEpisode.objects.filter(pk=episode.pk).update(site=elsewhere)
    assert FractureEpisode.objects.get(pk=episode.pk).site_id == episode.site_id


@pytest.mark.parametrize("model", [FollowUp, TreatmentDecision])
def test_a_copy_of_another_sites_id_is_refused(episode, model):
    elsewhere = SiteFactory()
    with pytest.raises(IntegrityError, match="site_is_its_episodes"), transaction.atomic():
        model.objects.filter(episode=episode).update(site=elsewhere)
    assert set(model.objects.filter(episode=episode).values_list("site_id", flat=True)) == {episode.site_id}


def test_an_episode_without_follow_ups_or_decision_is_not_held(site_a, nurse_a):
    # Nothing copies its site yet: the constraint does not stand in the way of anything else.
    episode = episode_at(site_a, "identified", nurse=nurse_a)
    FractureEpisode.objects.filter(pk=episode.pk).update(site=SiteFactory())
    episodes_changed([episode.pk])
