"""What case finding adds to the patients pages (registered in CasefindingConfig.ready):
suggestions in the triage list, and the new-patient / new-fracture forms pre-filled from a
candidate (`?candidate=<report id>`: a database id, never an identifier in the URL)."""
import logging

from django.core.exceptions import ValidationError
from django.http import Http404

from . import selectors, services
from .forms import DismissForm

logger = logging.getLogger(__name__)


def triage_candidates(request, site_id) -> dict | None:
    """Pending candidates for the triage list, in two queries whatever their number."""
    user = request.user
    if not user.has_perm("casefinding.review_candidates"):
        return None
    candidates = list(selectors.pending_candidates(user, site_id=site_id)[: selectors.TRIAGE_LIMIT])
    matched = selectors.matched_patients(candidates)
    rows = [
        {"report": report, "patient": matched.get(report.pk), "evidence": selectors.highlighted_evidence(report)}
        for report in candidates
    ]
    return {"rows": rows, "dismiss_form": DismissForm(), "limit": selectors.TRIAGE_LIMIT,
            "can_upload": user.has_perm("casefinding.upload_reports")}


def _candidate_from(request):
    value = request.GET.get("candidate", "")
    if not value.isdigit() or not request.user.has_perm("casefinding.review_candidates"):
        return None
    return selectors.candidate_for_user(request.user, int(value))  # 404 for another site's


def candidate_prefill(request, patient) -> dict | None:
    report = _candidate_from(request)
    if report is None:
        return None
    if patient is not None and patient.site_id != report.site_id:
        raise Http404("No such candidate.")
    episode = {
        "fracture_date": report.exam_date,
        "fracture_site": report.fracture_site,
        "side": report.side or "unknown",
        "source": "radiology",
        # The report rarely says how it happened: the nurse confirms the mechanism at triage.
        "mechanism": "unknown",
    }
    found = {
        "episode": episode,
        "banner": {"template": "casefinding/_prefill_banner.html", "context": {
            "report": report, "evidence": selectors.highlighted_evidence(report),
            "decided": hasattr(report, "decision"),
        }},
    }
    if patient is None:
        found["patient"] = {
            "local_id": report.local_id, "family_name": report.family_name, "given_name": report.given_name,
            "date_of_birth": report.date_of_birth, "sex": report.sex,
        }
    return found


def candidate_saved(request, episode) -> None:
    report = _candidate_from(request)
    if report is None:
        return
    try:
        services.candidate_confirm(report=report, by=request.user, episode=episode)
    except ValidationError:
        # Decided by someone else meanwhile: the fracture is logged all the same.
        logger.info("candidate report %s was already decided when episode %s was logged", report.pk, episode.pk)
