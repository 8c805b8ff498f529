"""Contacts: recording one attempt to reach the patient (made, not reached, lost at the site's limit,
a new fracture reported) and the planned method of the next one."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fls.dates import format_date
from fls.read_models import episodes_changed, one_refresh
from fls.records import record_lock, record_save
from fls.versioning import refuse_if_stale
from patients import pathway
from patients import services as patient_services
from patients.models import EpisodeState as S
from patients.models import Source

from ..models import (
    KIND_ORDER, Adherence, ContactMethod, ContactTiming, FollowUp, FollowUpContact, FollowUpKind, StoppedReason,
)
from .notifications import _notify_lost
from .settings import settings_for_site

CONTACT_FIELDS = (
    "contacted_on", "method", "reached", "adherence", "stopped_reason", "stopped_reason_other",
    "falls_since_last_contact", "strength_balance_started_on", "new_fracture", "notes", "next_action",
)
NEW_FRACTURE_FIELDS = ("new_fracture_date", "new_fracture_site", "new_fracture_side", "new_fracture_mechanism")


def lost_note(failed_attempts: int) -> str:
    """Why a follow-up was lost: its status note (contact_record; the bench loader writes the same)."""
    return _("%(count)s unanswered attempts inside the window.") % {"count": failed_attempts}


def _validate_contact(contact: FollowUpContact, follow_up: FollowUp, fields: dict) -> None:
    contact.full_clean(exclude=["follow_up", "recorded_by", "refracture_episode"])
    errors = {}
    today = timezone.localdate()
    fracture_date = follow_up.episode.fracture_date
    if contact.contacted_on > today:
        errors["contacted_on"] = [_("The contact cannot be in the future.")]
    elif contact.contacted_on < fracture_date:
        errors["contacted_on"] = [_("The contact cannot be before the fracture.")]
    if contact.reached:
        if not contact.adherence:
            errors["adherence"] = [_("Record how the patient is taking the treatment.")]
        elif contact.adherence == Adherence.STOPPED:
            if not contact.stopped_reason:
                errors["stopped_reason"] = [_("Give the reason the treatment was stopped.")]
            elif contact.stopped_reason == StoppedReason.OTHER and not contact.stopped_reason_other.strip():
                errors["stopped_reason_other"] = [_("Say why the treatment was stopped.")]
        start = contact.strength_balance_started_on
        if start and (start > today or start < fracture_date):
            errors["strength_balance_started_on"] = [_("Enter a date between the fracture and today.")]
        if contact.new_fracture:
            new_date = fields.get("new_fracture_date")
            if not new_date:
                errors["new_fracture_date"] = [_("Enter the date of the new fracture.")]
            elif new_date <= fracture_date or new_date > contact.contacted_on:
                errors["new_fracture_date"] = [
                    _("The new fracture must be after this episode's fracture and by the contact date.")]
            for name, message in (("new_fracture_site", _("Say which bone was broken.")),
                                  ("new_fracture_mechanism", _("Say how it happened."))):
                if not fields.get(name):
                    errors[name] = [message]
    if errors:
        raise ValidationError(errors)


# A contact's timing is the follow-up's timing on the contact's day (FollowUp.timing_on, the lists' rule).
_TIMING_OF_CONTACT = {"upcoming": ContactTiming.EARLY, "due": ContactTiming.ON_TIME, "overdue": ContactTiming.LATE}


def contact_timing(follow_up: FollowUp, day) -> str:
    """A contact on `day` against the follow-up's window: early, in the window (its first and last days included) or
    late."""
    return _TIMING_OF_CONTACT[follow_up.timing_on(day)]


def _refuse_unconfirmed_timing(follow_up: FollowUp, timing: str, day) -> None:
    """A date outside the window is often a slip of the keyboard: it is recorded only once the nurse confirms it."""
    if timing == ContactTiming.EARLY:
        message = _("%(date)s is before the %(kind)s window opens (%(opens)s). If the date is right, tick “Record it "
                    "outside the window” and save again: it is recorded as early.")
    else:
        message = _("%(date)s is after the %(kind)s window closed (%(closes)s). If the date is right, tick “Record it "
                    "outside the window” and save again: it is recorded as late.")
    raise ValidationError({"contacted_on": [ValidationError(message % {
        "date": format_date(day), "kind": follow_up.get_kind_display(), "opens": format_date(follow_up.window_opens),
        "closes": format_date(follow_up.window_closes)}, code="outside_window")]})


def contact_record(*, follow_up: FollowUp, by, expected_version: int | None, confirm_outside_window: bool = False,
                   **fields) -> FollowUpContact:
    """Record one attempt to reach the patient.

    A contact dated outside the follow-up's window is refused (ValidationError on contacted_on, code
    "outside_window") unless `confirm_outside_window`: then it is recorded as early or late (its `timing`).

    Reached: the follow-up is made, with its adherence outcome; the 52-week contact completes the
    episode. Not reached inside the window: one more failed attempt, and at the site's limit the
    follow-up is lost to follow-up and flagged for the manager. A new fracture reported at the
    contact starts a new episode, linked to this one as a refracture (patients.services).
    """
    with transaction.atomic(), one_refresh():
        locked = (FollowUp.objects.select_for_update(of=("self",))
                  .select_related("episode", "episode__patient", "site").get(pk=follow_up.pk))
        if expected_version is not None:
            refuse_if_stale(locked, expected_version)
        if locked.status != FollowUp.Status.SCHEDULED:
            raise ValidationError(_("This follow-up is closed (%(status)s).") % {
                "status": locked.get_status_display().lower()})
        if locked.episode.state != S.IN_FOLLOW_UP:
            raise ValidationError(
                _("Contacts are recorded while the episode is in follow-up; it is %(state)s.") % {
                    "state": locked.episode.get_state_display().lower()}
            )
        contact = FollowUpContact(follow_up=locked, recorded_by=by, **{k: v for k, v in fields.items() if k in CONTACT_FIELDS})
        if not contact.reached:
            # Nothing was learnt from the patient; keep the record to what happened.
            contact.adherence = contact.stopped_reason = contact.stopped_reason_other = ""
            contact.falls_since_last_contact = contact.strength_balance_started_on = None
            contact.new_fracture = False
        elif contact.adherence != Adherence.STOPPED:
            contact.stopped_reason = contact.stopped_reason_other = ""
        _validate_contact(contact, locked, fields)
        contact.timing = contact_timing(locked, contact.contacted_on)
        if contact.timing != ContactTiming.ON_TIME and not confirm_outside_window:
            _refuse_unconfirmed_timing(locked, contact.timing, contact.contacted_on)
        contact.in_window = contact.timing == ContactTiming.ON_TIME
        if contact.new_fracture:
            outcome = patient_services.episode_create(
                patient=locked.episode.patient, by=by, fracture_date=fields["new_fracture_date"],
                fracture_site=fields["new_fracture_site"], side=fields.get("new_fracture_side") or "unknown",
                mechanism=fields["new_fracture_mechanism"], identified_on=contact.contacted_on, source=Source.OTHER,
                assigned_nurse=locked.episode.assigned_nurse,
            )
            contact.refracture_episode = outcome.episode
        record_save(contact, by=by)

        episode = locked.episode
        if contact.reached:
            record_save(locked, by=by, fields={"status": FollowUp.Status.COMPLETED, "outcome": contact.adherence,
                                               "closed_at": timezone.now()})
            # Earlier follow-ups never made are now past help: a later contact has been made.
            earlier = [k for k in KIND_ORDER[: KIND_ORDER.index(locked.kind)]]
            missed = FollowUp.objects.filter(episode=episode, kind__in=earlier, status=FollowUp.Status.SCHEDULED)
            missed.update(status=FollowUp.Status.MISSED, closed_at=timezone.now(),
                          status_note=_("A later (%(kind)s) contact was made.") % {"kind": locked.get_kind_display()})
            if locked.kind == FollowUpKind.WEEK_52:
                # docs/clinical-rules.md#contacts-at-4-12-and-52-weeks and FLS-DB KPI 11: adherence at 52 weeks.
                pathway.complete(episode, by=by, note=_("52-week follow-up: %(outcome)s.") % {
                    "outcome": contact.outcome_label})
        else:
            attempts = locked.failed_attempts + (1 if contact.in_window else 0)
            limit = settings_for_site(locked.site).failed_attempt_limit
            if attempts >= limit:
                record_save(locked, by=by, fields={"failed_attempts": attempts, "status": FollowUp.Status.LOST,
                                                   "closed_at": timezone.now(), "status_note": lost_note(attempts)})
                _notify_lost(locked)
                pathway.mark_lost_to_follow_up(
                    episode, by=by,
                    reason=_("%(kind)s follow-up: %(count)s unanswered attempts inside its window (the site's limit "
                             "is %(limit)s).") % {"kind": locked.get_kind_display(), "count": attempts, "limit": limit},
                )
            else:
                record_save(locked, by=by, fields={"failed_attempts": attempts})
        episodes_changed([episode.pk])
    follow_up.version, follow_up.status = locked.version, locked.status
    return contact


def follow_up_set_method(*, follow_up: FollowUp, by, method: str) -> FollowUp:
    """How the next contact will be made; a follow-up by letter gets a patient reminder letter."""
    if method not in ContactMethod.values:
        raise ValidationError({"planned_method": [_("Choose phone, letter, clinic or video.")]})
    with transaction.atomic():
        locked = record_lock(FollowUp, pk=follow_up.pk)
        if locked.status != FollowUp.Status.SCHEDULED:
            raise ValidationError(_("This follow-up is closed."))
        return record_save(locked, by=by, fields={"planned_method": method})
