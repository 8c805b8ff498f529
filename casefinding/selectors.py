"""Every read the case-finding pages need, scoped to the user's sites (fls.selectors)."""
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import mark_safe

from fls.selectors import visible_site_ids
from patients.models import Patient

from .models import CandidateDecision, DismissReason, RadiologyReport, ReportBatch

TRIAGE_LIMIT = 100


def reports_visible_to(user) -> QuerySet[RadiologyReport]:
    return RadiologyReport.objects.filter(site_id__in=visible_site_ids(user))


def candidate_for_user(user, pk: int) -> RadiologyReport:
    report = reports_visible_to(user).filter(pk=pk, is_candidate=True).select_related("site", "decision").first()
    if report is None:
        raise Http404("No such candidate.")
    return report


def batch_for_user(user, pk: int) -> ReportBatch:
    batch = ReportBatch.objects.filter(pk=pk, site_id__in=visible_site_ids(user)).select_related("site").first()
    if batch is None:
        raise Http404("No such batch.")
    return batch


def recent_batches(user, limit: int = 20) -> QuerySet[ReportBatch]:
    return ReportBatch.objects.filter(site_id__in=visible_site_ids(user)).select_related("site", "uploaded_by")[:limit]


def pending_candidates(user, *, site_id: int | None = None) -> QuerySet[RadiologyReport]:
    """Candidates no nurse has decided on yet, oldest exam first."""
    qs = reports_visible_to(user).filter(is_candidate=True, decision__isnull=True)
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.select_related("site").order_by("exam_date", "id")


def matched_patients(reports) -> dict[int, Patient]:
    """Report id -> the existing patient whose identifiers agree (same site, hospital number,
    date of birth and family name), in one query whatever the number of reports."""
    reports = list(reports)
    if not reports:
        return {}
    condition = Q()
    for report in reports:
        condition |= Q(site_id=report.site_id, local_id=report.local_id)
    patients = {(p.site_id, p.local_id): p for p in Patient.objects.filter(condition)}
    matched = {}
    for report in reports:
        patient = patients.get((report.site_id, report.local_id))
        if (
            patient is not None and patient.date_of_birth == report.date_of_birth
            and " ".join(patient.family_name.split()).casefold() == " ".join(report.family_name.split()).casefold()
        ):
            matched[report.pk] = patient
    return matched


def highlighted_evidence(report: RadiologyReport):
    """The evidence sentence, HTML-escaped, with the fracture words in <mark>."""
    text, pieces, position = report.evidence, [], 0
    for start, end in sorted((max(0, a), b) for a, b in report.highlights or []):
        if start < position or end > len(text) or start >= end:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def disagreement_summary(user, *, site_id: int | None = None) -> dict:
    """Where the screen and the nurses disagree: decisions by outcome, dismissals by reason and by
    the site and certainty the screen gave, and the latest dismissed candidates."""
    decided = CandidateDecision.objects.filter(report__site_id__in=visible_site_ids(user))
    if site_id:
        decided = decided.filter(report__site_id=site_id)
    totals = dict(decided.order_by().values_list("decision").annotate(n=Count("id")))
    dismissed = decided.filter(decision=CandidateDecision.Decision.DISMISSED)
    by_reason = [
        {**row, "label": DismissReason(row["reason"]).label if row["reason"] in DismissReason.values else row["reason"]}
        for row in dismissed.order_by().values("reason").annotate(n=Count("id")).order_by("-n")
    ]
    by_site = list(
        decided.order_by().values("report__fracture_site", "report__certainty")
        .annotate(
            confirmed=Count("id", filter=Q(decision=CandidateDecision.Decision.CONFIRMED)),
            dismissed=Count("id", filter=Q(decision=CandidateDecision.Decision.DISMISSED)),
        )
        .order_by("report__fracture_site", "report__certainty")
    )
    latest = list(dismissed.select_related("report", "report__site", "by").order_by("-at")[:100])
    return {"totals": totals, "by_reason": by_reason, "by_site": by_site, "latest": latest}
