"""bench/followup_bulk.py, the reminder-scan benchmark's loader, makes only what the app itself could have made: a
follow-up is lost together with its episode being lost to follow-up (followup.services.contact_record), and
the episode's later follow-ups wait on hold (episode_left_pathway), so resuming the episode reopens them."""
from datetime import date

import pytest
from django.db import connection

from bench import followup_bulk as bulk
from followup.models import FollowUp
from followup.services import ON_HOLD_NOTE
from patients import pathway
from patients.models import EpisodeState, FractureEpisode
from worklists import selectors

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
Status = FollowUp.Status


@pytest.fixture
def loaded(site_a, nurse_a):
    if connection.vendor != "postgresql":
        pytest.skip("bench.followup_bulk needs PostgreSQL (DATABASE_URL)")
    # 400 episodes, not fewer: one in twenty is lost to follow-up, and the loader spreads fracture dates by id,
    # so the lost ones' fractures step 30 days apart from wherever the ids start. Twenty of them span 600 days,
    # which always includes some lost in their 4- or 12-week follow-up (with later ones on hold); ten (200
    # episodes) missed them for some id offsets, and the tests below failed now and then.
    made = bulk.create_follow_ups(site_id=site_a.pk, nurse_ids=[nurse_a.pk], episodes=400, today=TODAY)
    assert made == 1200
    return FollowUp.objects.filter(site=site_a)


def test_a_follow_up_is_lost_only_on_an_episode_lost_to_follow_up(loaded, site_a):
    lost = loaded.filter(status=Status.LOST)
    assert lost.exists()
    assert not lost.exclude(episode__state=EpisodeState.LOST_TO_FOLLOW_UP).exists()
    # One lost follow-up for each lost episode, and no lost episode without one.
    lost_episodes = FractureEpisode.objects.filter(site=site_a, state=EpisodeState.LOST_TO_FOLLOW_UP)
    assert sorted(lost.values_list("episode_id", flat=True)) == sorted(lost_episodes.values_list("pk", flat=True))


def test_before_the_lost_follow_up_contacts_were_made_and_after_it_they_wait_on_hold(loaded):
    by_episode = {}
    for episode_id, status in (loaded.filter(episode__state=EpisodeState.LOST_TO_FOLLOW_UP)
                               .order_by("episode_id", "due_on").values_list("episode_id", "status")):
        by_episode.setdefault(episode_id, []).append(status)
    for statuses in by_episode.values():
        at = statuses.index(Status.LOST)
        assert statuses[:at] == [Status.COMPLETED] * at
        assert statuses[at + 1:] == [Status.ON_HOLD] * (len(statuses) - at - 1)
    assert {status for statuses in by_episode.values() for status in statuses} == {
        Status.COMPLETED, Status.LOST, Status.ON_HOLD}

    on_hold = loaded.filter(status=Status.ON_HOLD)
    assert set(on_hold.values_list("status_note", flat=True)) == {ON_HOLD_NOTE}
    assert not on_hold.filter(closed_at__isnull=False).exists()
    assert not loaded.filter(status=Status.LOST, failed_attempts=0).exists()


def test_the_nurse_worklists_lost_tab_counts_every_lost_follow_up(loaded, nurse_a):
    counts = selectors.tab_counts(nurse_a, selectors.Filters(), today=TODAY)
    assert counts["lost"] == loaded.filter(status=Status.LOST).count()


def test_resuming_a_lost_episode_reopens_its_lost_and_on_hold_follow_ups(loaded, nurse_a):
    on_hold = loaded.filter(status=Status.ON_HOLD).select_related("episode").first()
    episode = on_hold.episode

    pathway.resume_follow_up(episode, by=nurse_a, reason="The patient rang back.")

    assert not loaded.filter(episode=episode, status__in=[Status.LOST, Status.ON_HOLD]).exists()
    assert loaded.filter(episode=episode, status=Status.SCHEDULED).count() >= 2


def test_the_courses_loaded_carry_the_items_their_plans_give(site_a, nurse_a):
    """bench.followup_bulk.create_courses keeps CourseItem rows as the treatment services would (their plan)."""
    if connection.vendor != "postgresql":
        pytest.skip("bench.followup_bulk needs PostgreSQL (DATABASE_URL)")
    from treatment import course_plan as plans
    from treatment.models import TreatmentCourse
    from treatment.services import plan_of

    assert bulk.create_courses(site_id=site_a.pk, nurse_ids=[nurse_a.pk], courses=60, today=TODAY) == 60
    courses = TreatmentCourse.objects.filter(site=site_a).prefetch_related("items")
    assert {c.drug for c in courses} == set(bulk.COURSE_DRUGS) and {c.status for c in courses} == {"active", "stopped"}
    for course in courses:
        loaded = sorted((i.code, i.refers_to, i.appears_from, i.replaced_from, i.escalate) for i in course.items.all())
        planned = sorted((r["code"], r["refers_to"], r["appears_from"], r["replaced_from"], r["escalate"])
                         for r in plans.item_rows(plan_of(course, today=TODAY)))
        assert loaded == planned, course.drug
