"""seed_demo creates follow-ups in every state, and the day's reminders for them."""
from datetime import date

import pytest
import time_machine

from demo.services import demo_seed
from followup.models import FollowUp, Notification, Reminder
from patients.models import FractureEpisode

pytestmark = pytest.mark.django_db


def test_the_demo_has_follow_ups_in_every_state():
    with time_machine.travel("2026-06-01 09:00 +00:00", tick=False):
        demo_seed(patients=160, seed=7, password="demo-password-2026", today=date(2026, 6, 1))

    today = date(2026, 6, 1)
    scheduled = FollowUp.objects.filter(status="scheduled")
    assert scheduled.filter(window_opens__lte=today, window_closes__gte=today).exists()  # due
    assert scheduled.filter(window_closes__lt=today).exists()  # overdue
    assert scheduled.filter(window_opens__gt=today).exists()  # upcoming
    assert {"completed", "lost", "on_hold", "missed"} <= set(FollowUp.objects.values_list("status", flat=True))
    assert FractureEpisode.objects.filter(state="completed").exists()
    assert Reminder.objects.filter(kind="due").exists() and Reminder.objects.filter(kind="overdue").exists()
    assert Notification.objects.filter(kind="escalated").exists()
