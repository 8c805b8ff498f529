"""The episode page's "Treatment course" section (registered in TreatmentConfig.ready)."""
from django.utils import timezone

from . import selectors


def treatment_panel(episode, user) -> dict | None:
    """Context for treatment/_episode_panel.html in a fixed 5 queries, or None when the episode has no course (none
    before its decision is signed off with a drug)."""
    if not user.has_perm("treatment.view_treatmentcourse"):
        return None
    if episode.state in ("identified", "awaiting_assessment", "assessed", "excluded"):
        return None  # no decision signed off yet: no course
    today = timezone.localdate()
    courses = selectors.courses_with_plans(episode, today=today)
    if not courses:
        return None
    return {
        "episode": episode,
        "courses": courses,
        "today": today,
        "can_record": user.has_perm("treatment.add_dosegiven"),
        "can_stop": user.has_perm("treatment.change_treatmentcourse"),
        "can_review": user.has_perm("treatment.add_coursereview"),
    }
