"""Every read the assessment pages need, scoped to the user's sites through
patients.selectors.episodes_visible_to (fls.selectors.visible_site_ids): another site's record is a 404."""
from django.db.models import QuerySet
from django.http import Http404

from fls.paging import page_offset
from fls.selectors import visible_site_ids
from patients.models import FractureEpisode
from patients.selectors import episode_for_user  # noqa: F401  (re-exported: the pages fetch episodes through here)

from .models import Assessment, BloodResult, LetterSent, TreatmentDecision, VertebralFracture
from .statements import SignoffEntry

def assessment_for_episode(episode: FractureEpisode) -> Assessment | None:
    assessment = (
        Assessment.objects.filter(episode=episode).select_related("assessed_by", "completed_by").first()
    )
    if assessment is not None:
        # The caller's episode already carries its patient, site and earlier episode: reuse them.
        assessment.episode = episode
    return assessment


def blood_results_for_episode(episode: FractureEpisode) -> list[BloodResult]:
    return list(BloodResult.objects.filter(assessment__episode=episode).select_related("recorded_by"))


def vertebral_fractures_for_episode(episode: FractureEpisode) -> list[VertebralFracture]:
    return list(VertebralFracture.objects.filter(assessment__episode=episode).select_related("recorded_by"))


def decision_for_episode(episode: FractureEpisode) -> TreatmentDecision | None:
    decision = (
        TreatmentDecision.objects.filter(episode=episode).select_related("drafted_by", "signed_off_by").first()
    )
    if decision is not None:
        decision.episode = episode
    return decision


def letters_sent_for_episode(episode: FractureEpisode) -> list[LetterSent]:
    return list(LetterSent.objects.filter(episode=episode).select_related("sent_by").defer("content_html"))


def episode_assessment_record(episode: FractureEpisode) -> dict:
    """The whole investigate-and-treat record of one (already visible) episode, in 5 queries."""
    return {
        "assessment": assessment_for_episode(episode),
        "blood_results": blood_results_for_episode(episode),
        "vertebral_fractures": vertebral_fractures_for_episode(episode),
        "decision": decision_for_episode(episode),
        "letters": letters_sent_for_episode(episode),
    }


SIGNOFF_PAGE_SIZE = 25


def signoff_queue(user, *, site_id: int | None = None) -> QuerySet[TreatmentDecision]:
    """Treatment decisions waiting for a clinician's sign-off at the user's sites, oldest first: the list's
    definition, which the pages read (signoff_queue_page)."""
    qs = TreatmentDecision.objects.filter(
        # The decision's own copy of its episode's site: read in order from decision_awaiting_signoff.
        signed_off_at__isnull=True, site_id__in=visible_site_ids(user),
    ).order_by("drafted_at", "id")
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs


def signoff_queue_total(user, *, site_id: int | None = None) -> int:
    return signoff_queue(user, site_id=site_id).count()


# What a row of the queue shows (SignoffEntry's fields, in order), read through the decision's own joins.
_SIGNOFF_COLUMNS = (
    "pk", "episode_id", "episode__patient__family_name", "episode__patient__given_name", "episode__patient__local_id",
    "episode__site__code", "episode__state", "episode__fracture_site", "episode__fracture_date", "recommendation",
    "recommendation_other", "initiated_by", "drafted_at", "drafted_by__first_name", "drafted_by__last_name",
    "drafted_by__username", "episode__assessment__id", "episode__assessment__t_score_lumbar_spine",
    "episode__assessment__t_score_total_hip", "episode__assessment__t_score_femoral_neck",
    "episode__assessment__frax_mof_percent",
)


def signoff_page_from(decisions: QuerySet[TreatmentDecision], *, offset: int, limit: int) -> list[SignoffEntry]:
    """A page of `decisions` (signoff_queue, or the clinician worklist's list of it) in one statement: the page's
    ids are chosen from the decisions alone (an index-only read of decision_awaiting_signoff), and only those
    are joined to what a row shows. Read by the ORM: measured against the same statement written in SQL, the
    page was as fast (BENCHMARKS.md, 2026-12-05, "Raw SQL only where it pays")."""
    page = decisions.order_by("drafted_at", "id").values("pk")[offset:offset + limit]
    rows = TreatmentDecision.objects.filter(pk__in=page).order_by("drafted_at", "id").values_list(*_SIGNOFF_COLUMNS)
    return [SignoffEntry(*row) for row in rows]


def signoff_supports(entries: list[SignoffEntry]) -> dict:
    """The decision support of each row's episode for the drug it recommends (assessments.facts), by episode id:
    the rows' flags and warnings, in a fixed 7 queries whatever the rows."""
    from .facts import advice_for_episodes

    if not entries:
        return {}
    episodes = list(FractureEpisode.objects.filter(pk__in=[e.episode_id for e in entries]).select_related("patient")
                    .only("id", "patient_id", "site_id", "fracture_site", "fracture_date", "identified_on",
                          "patient__sex", "patient__date_of_birth"))
    return advice_for_episodes(episodes, proposed={e.episode_id: e.recommendation for e in entries})


def signoff_queue_page(user, *, site_id: int | None = None, page: int) -> list[SignoffEntry]:
    """Page `page` (from 1) of the queue, SIGNOFF_PAGE_SIZE rows, within fls.paging's bound on the offset."""
    return signoff_page_from(signoff_queue(user, site_id=site_id), offset=page_offset(page, SIGNOFF_PAGE_SIZE),
                             limit=SIGNOFF_PAGE_SIZE)


def letter_sent_for_user(user, pk: int) -> LetterSent:
    letter = (
        LetterSent.objects.filter(pk=pk, episode__site_id__in=visible_site_ids(user))
        .select_related("episode", "episode__patient", "sent_by").first()
    )
    if letter is None:
        raise Http404("No such letter.")
    return letter
