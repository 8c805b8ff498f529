from .models import ClinicalAdviceRequest


def clinical_advice_panel(episode, user):
    """The episode page's "ask a clinician" section. No query here: the section loads itself with htmx
    (worklists:advice_panel), so the episode page's pinned query count does not grow with later steps."""
    if not user.has_perm("patients.view_fractureepisode"):
        return None
    return {"episode": episode}


def advice_panel_context(episode, user) -> dict:
    """One query: the episode's latest requests for advice."""
    requests = list(ClinicalAdviceRequest.objects.filter(episode=episode).select_related("requested_by", "answered_by")
                    .order_by("-requested_at")[:5])
    return {"episode": episode, "requests": requests,
            "open_request": next((r for r in requests if r.answered_at is None), None),
            "can_ask": user.has_perm("fls.view_nurse_worklist"),
            "can_answer": user.has_perm("fls.view_signoff_queue")}
