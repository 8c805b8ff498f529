"""The schedule: creating an episode's 4-, 12- and 52-week follow-ups once a treatment is decided,
moving their windows when the treatment starts, and closing, holding or reopening them as the episode
leaves the pathway or resumes follow-up."""
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from assessments.models import Initiator, TreatmentDecision, TreatmentStatus
from fls.inserts import insert_history, insert_many
from fls.records import record_save
from patients import pathway
from patients.models import EpisodeState as S
from patients.models import FractureEpisode

from ..models import KIND_ORDER, Anchor, ContactMethod, FollowUp
from .settings import settings_for_site

# Why a follow-up is on hold (FollowUp.Status.ON_HOLD): its episode is lost to follow-up; resuming the
# episode reopens it. Only a note for the reader: the status alone says "on hold". The English, marked for the
# catalogue (the bench loaders write it as it is); written translated (gettext(ON_HOLD_NOTE)).
ON_HOLD_NOTE = gettext_noop("The episode is lost to follow-up.")


# Someone else initiates the treatment, so the FLS follows up to check it was started.
INITIATED_ELSEWHERE = frozenset({Initiator.PRIMARY_CARE, Initiator.PRIMARY_CARE_INFORMED, Initiator.SPECIALIST})


def schedule_is_due(decision: TreatmentDecision | None) -> bool:
    """Follow-ups start once a drug treatment has started, or is left to primary care (or a specialist)
    to start: then the follow-ups check it was. Declined, contraindicated, no drug, or the FLS itself
    still to start it: not yet."""
    if decision is None or not decision.recommends_drug:
        return False
    if decision.status in (TreatmentStatus.DECLINED, TreatmentStatus.CONTRAINDICATED):
        return False
    return decision.status == TreatmentStatus.STARTED or decision.initiated_by in INITIATED_ELSEWHERE


def follow_up_window(*, anchor_date: date, weeks: tuple[int, int, int], treatment_started_on: date | None):
    """(opens, due, closes) dates. A follow-up never falls due before the treatment it checks has
    started: a later start moves the opening (and, if need be, the whole window) to the start date."""
    opens_w, due_w, closes_w = weeks
    opens = anchor_date + timedelta(weeks=opens_w)
    due = anchor_date + timedelta(weeks=due_w)
    closes = anchor_date + timedelta(weeks=closes_w)
    if treatment_started_on and treatment_started_on > opens:
        width = closes - opens
        opens = treatment_started_on
        closes = max(closes, opens + width)
        due = min(max(due, opens), closes)
    return opens, due, closes


def _anchor_date(anchor: str, episode: FractureEpisode, decision: TreatmentDecision | None) -> date:
    if anchor == Anchor.TREATMENT_START:
        if decision is not None and decision.started_on:
            return decision.started_on
        # Not started yet (primary care initiates): count from the decision until the start is recorded.
        return timezone.localdate()
    return episode.fracture_date


def schedule_create(*, episode: FractureEpisode, decision: TreatmentDecision | None, by) -> list[FollowUp]:
    """Create the episode's 4-, 12- and 52-week follow-ups that do not exist yet (a second call finds them, and
    makes nothing), written in one go with their history. Moving the episode on to in follow-up is the
    pathway's (the follow-on move of followup.reactions.schedule_follow_ups, or treatment_started's own move).
    Runs in the caller's transaction, under the episode's row lock (the pathway's move or the decision's save),
    so no one else schedules it meanwhile."""
    existing = {follow_up.kind: follow_up for follow_up in FollowUp.objects.filter(episode_id=episode.pk)}
    missing = [kind for kind in KIND_ORDER if kind not in existing]
    if missing:
        config = settings_for_site(episode.site)
        anchor_date = _anchor_date(config.anchor, episode, decision)
        started_on = decision.started_on if decision is not None else None
        method = ContactMethod.PHONE if episode.patient.phone else ContactMethod.LETTER
        made = []
        for kind in missing:
            weeks = config.window(kind)
            opens, due, closes = follow_up_window(anchor_date=anchor_date, weeks=weeks, treatment_started_on=started_on)
            made.append(FollowUp(
                episode_id=episode.pk, site_id=episode.site_id, kind=kind, anchor=config.anchor,
                anchor_date=anchor_date, opens_week=weeks[0], due_week=weeks[1], closes_week=weeks[2],
                window_opens=opens, due_on=due, window_closes=closes, planned_method=method,
            ))
        insert_many(FollowUp, made)
        insert_history(FollowUp, made, user=by)
        existing.update((follow_up.kind, follow_up) for follow_up in made)
    return [existing[kind] for kind in KIND_ORDER]


# The note of the move to in follow-up that scheduling the follow-ups leads to (English, marked for the catalogue;
# written translated: gettext(SCHEDULED_NOTE)).
SCHEDULED_NOTE = gettext_noop("Follow-ups scheduled at 4, 12 and 52 weeks.")


def treatment_started(*, decision: TreatmentDecision, by) -> None:
    """The treatment's start was recorded after sign-off. Start the schedule if it was waiting for it;
    otherwise keep each open follow-up's window from opening before the start (and re-anchor it when
    the site counts from treatment start). Windows are recomputed from the weeks copied onto each row."""
    episode = FractureEpisode.objects.select_related("site", "patient").get(pk=decision.episode_id)
    if episode.state == S.TREATMENT_DECIDED:
        if schedule_is_due(decision):
            schedule_create(episode=episode, decision=decision, by=by)
            pathway.start_follow_up(episode, by=by, note=gettext(SCHEDULED_NOTE))
        return
    for follow_up in FollowUp.objects.select_for_update().filter(episode=episode, status=FollowUp.Status.SCHEDULED):
        anchor_date = decision.started_on if follow_up.anchor == Anchor.TREATMENT_START else follow_up.anchor_date
        opens, due, closes = follow_up_window(
            anchor_date=anchor_date, weeks=(follow_up.opens_week, follow_up.due_week, follow_up.closes_week),
            treatment_started_on=decision.started_on,
        )
        if (anchor_date, opens, due, closes) != (follow_up.anchor_date, follow_up.window_opens, follow_up.due_on,
                                                 follow_up.window_closes):
            record_save(follow_up, by=by, fields={"anchor_date": anchor_date, "window_opens": opens, "due_on": due,
                                                  "window_closes": closes})


def episode_left_pathway(*, episode: FractureEpisode, to_state: str) -> None:
    """Died, transferred or declined: nothing more to follow up. Lost: the follow-ups wait on hold."""
    open_ups = FollowUp.objects.filter(episode_id=episode.pk, status=FollowUp.Status.SCHEDULED)
    if to_state == S.LOST_TO_FOLLOW_UP:
        if not FollowUp.objects.filter(episode_id=episode.pk, status=FollowUp.Status.LOST).exists():
            # Marked lost by hand from the episode page: the next follow-up is the one that was lost.
            first = open_ups.order_by("due_on").first()
            if first is not None:
                open_ups.filter(pk=first.pk).update(status=FollowUp.Status.LOST, closed_at=timezone.now(),
                                                    status_note=gettext("The episode was marked lost to follow-up."))
        open_ups.update(status=FollowUp.Status.ON_HOLD, status_note=gettext(ON_HOLD_NOTE))
    else:
        label = S(to_state).label.lower()
        open_ups.update(status=FollowUp.Status.CANCELLED, closed_at=timezone.now(),
                        status_note=gettext("Cancelled: the episode is %(state)s.") % {"state": label})


def episode_resumed(*, episode: FractureEpisode) -> None:
    """Follow-up resumed after being lost: the lost follow-up and those on hold are open again, with a
    fresh count of attempts (their windows stand: past ones show as overdue)."""
    FollowUp.objects.filter(
        status__in=[FollowUp.Status.LOST, FollowUp.Status.ON_HOLD], episode_id=episode.pk,
    ).update(status=FollowUp.Status.SCHEDULED, failed_attempts=0, closed_at=None, status_note="")
