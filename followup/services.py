"""Every write of the follow-up step: the schedule, contacts, settings, and the reminder scan.

Keyword-only functions that validate, save in a transaction and raise ValidationError with
messages for the person at the keyboard. Episode state changes only through patients.pathway.

The scan (`followups_scan`) is set-based and crash-safe: it works through chunks of follow-ups not
yet reminded (no Reminder row: an anti-join), each chunk written whole in one transaction (reminders,
notifications, letters) or not at all. Unique constraints make every reminder, notification and
letter exist at most once, whatever runs twice, and only the chunk that made a reminder notifies.
"""
import functools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from queue import Queue
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from assessments.models import Initiator, TreatmentDecision, TreatmentStatus
from fls.models import Site, SiteMembership, User
from fls.roles import MANAGER, NURSE
from fls.versioning import StaleRecord, changed_since
from patients import pathway
from patients import services as patient_services
from patients.models import EpisodeState as S
from patients.models import FractureEpisode, Source

from .models import (
    KIND_ORDER, Adherence, Anchor, ContactMethod, DigestSent, FollowUp, FollowUpContact, FollowUpKind,
    FollowUpSettings, Notification, PatientReminderLetter, Reminder, ScanRun, StoppedReason,
)

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 5000
# Follow-ups put on hold when their episode is lost to follow-up; resuming the episode reopens them.
ON_HOLD_NOTE = "On hold: the episode is lost to follow-up."


def lost_note(failed_attempts: int) -> str:
    """Why a follow-up was lost: its status note (contact_record; the bench loader writes the same)."""
    return f"{failed_attempts} unanswered attempts inside the window."


# Someone else initiates the treatment, so the FLS follows up to check it was started.
INITIATED_ELSEWHERE = frozenset({Initiator.PRIMARY_CARE, Initiator.PRIMARY_CARE_INFORMED, Initiator.SPECIALIST})
# A digest claimed this long ago and still not sent (the sender died) may be claimed again.
DIGEST_RECLAIM_AFTER = timedelta(minutes=10)
# A scheduled scan claimed this long ago and not finished (lost message, killed worker) is queued again.
SCAN_RECLAIM_AFTER = timedelta(minutes=30)

SETTINGS_FIELDS = (
    "anchor", "week_4_opens", "week_4_due", "week_4_closes", "week_12_opens", "week_12_due", "week_12_closes",
    "week_52_opens", "week_52_due", "week_52_closes", "failed_attempt_limit", "scan_time",
)
CONTACT_FIELDS = (
    "contacted_on", "method", "reached", "adherence", "stopped_reason", "stopped_reason_other",
    "falls_since_last_contact", "strength_balance_started_on", "new_fracture", "notes", "next_action",
)
NEW_FRACTURE_FIELDS = ("new_fracture_date", "new_fracture_site", "new_fracture_side", "new_fracture_mechanism")


# --- Settings --------------------------------------------------------------------------------


def settings_for_site(site: Site) -> FollowUpSettings:
    """The site's follow-up settings, created with the defaults the first time they are needed."""
    row, _ = FollowUpSettings.objects.get_or_create(site=site)
    return row


def followup_settings_update(*, site: Site, by, expected_version: int | None, **fields) -> FollowUpSettings:
    """Change a site's schedule. Follow-ups already created keep the window they were created with."""
    settings_for_site(site)
    with transaction.atomic():
        row = FollowUpSettings.objects.select_for_update().get(site=site)
        if expected_version is not None and row.version != expected_version:
            raise StaleRecord(changed_since(row, expected_version))
        for name in SETTINGS_FIELDS:
            if name in fields:
                setattr(row, name, fields[name])
        row.full_clean(exclude=["site"])
        row.version += 1
        row._history_user = by
        row.save()
    return row


# --- The schedule ----------------------------------------------------------------------------


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
    """Create the 4-, 12- and 52-week follow-ups (once: a second call finds them) and move the episode
    treatment decided → in follow-up. Runs inside the sign-off's transaction (from the pathway's signal)."""
    with transaction.atomic():
        config = settings_for_site(episode.site)
        anchor_date = _anchor_date(config.anchor, episode, decision)
        started_on = decision.started_on if decision is not None else None
        method = ContactMethod.PHONE if episode.patient.phone else ContactMethod.LETTER
        follow_ups = []
        for kind in KIND_ORDER:
            weeks = config.window(kind)
            opens, due, closes = follow_up_window(anchor_date=anchor_date, weeks=weeks, treatment_started_on=started_on)
            follow_up, created = FollowUp.objects.get_or_create(
                episode=episode, kind=kind,
                defaults=dict(
                    site_id=episode.site_id, anchor=config.anchor, anchor_date=anchor_date,
                    opens_week=weeks[0], due_week=weeks[1], closes_week=weeks[2],
                    window_opens=opens, due_on=due, window_closes=closes, planned_method=method,
                ),
            )
            follow_ups.append(follow_up)
        if episode.state == S.TREATMENT_DECIDED:
            pathway.start_follow_up(episode, by=by, note="Follow-ups scheduled at 4, 12 and 52 weeks.")
    return follow_ups


def treatment_started(*, decision: TreatmentDecision, by) -> None:
    """The treatment's start was recorded after sign-off. Start the schedule if it was waiting for it;
    otherwise keep each open follow-up's window from opening before the start (and re-anchor it when
    the site counts from treatment start). Windows are recomputed from the weeks copied onto each row."""
    episode = FractureEpisode.objects.select_related("site", "patient").get(pk=decision.episode_id)
    if episode.state == S.TREATMENT_DECIDED:
        if schedule_is_due(decision):
            schedule_create(episode=episode, decision=decision, by=by)
        return
    for follow_up in FollowUp.objects.select_for_update().filter(episode=episode, status=FollowUp.Status.SCHEDULED):
        anchor_date = decision.started_on if follow_up.anchor == Anchor.TREATMENT_START else follow_up.anchor_date
        opens, due, closes = follow_up_window(
            anchor_date=anchor_date, weeks=(follow_up.opens_week, follow_up.due_week, follow_up.closes_week),
            treatment_started_on=decision.started_on,
        )
        if (anchor_date, opens, due, closes) != (follow_up.anchor_date, follow_up.window_opens, follow_up.due_on,
                                                 follow_up.window_closes):
            follow_up.anchor_date, follow_up.window_opens, follow_up.due_on, follow_up.window_closes = (
                anchor_date, opens, due, closes)
            follow_up.version += 1
            follow_up._history_user = by
            follow_up.save()


def episode_left_pathway(*, episode: FractureEpisode, to_state: str) -> None:
    """Died, transferred or declined: nothing more to follow up. Lost: the follow-ups wait on hold."""
    open_ups = FollowUp.objects.filter(episode_id=episode.pk, status=FollowUp.Status.SCHEDULED)
    if to_state == S.LOST_TO_FOLLOW_UP:
        if not FollowUp.objects.filter(episode_id=episode.pk, status=FollowUp.Status.LOST).exists():
            # Marked lost by hand from the episode page: the next follow-up is the one that was lost.
            first = open_ups.order_by("due_on").first()
            if first is not None:
                open_ups.filter(pk=first.pk).update(status=FollowUp.Status.LOST, closed_at=timezone.now(),
                                                    status_note="The episode was marked lost to follow-up.")
        open_ups.update(status=FollowUp.Status.CANCELLED, status_note=ON_HOLD_NOTE)
    else:
        label = S(to_state).label.lower()
        open_ups.update(status=FollowUp.Status.CANCELLED, closed_at=timezone.now(),
                        status_note=f"Cancelled: the episode is {label}.")


def episode_resumed(*, episode: FractureEpisode) -> None:
    """Follow-up resumed after being lost: the lost follow-up and those on hold are open again, with a
    fresh count of attempts (their windows stand: past ones show as overdue)."""
    FollowUp.objects.filter(
        Q(status=FollowUp.Status.LOST) | Q(status=FollowUp.Status.CANCELLED, status_note=ON_HOLD_NOTE),
        episode_id=episode.pk,
    ).update(status=FollowUp.Status.SCHEDULED, failed_attempts=0, closed_at=None, status_note="")


# --- Contacts --------------------------------------------------------------------------------


def _validate_contact(contact: FollowUpContact, follow_up: FollowUp, fields: dict) -> None:
    contact.full_clean(exclude=["follow_up", "recorded_by", "refracture_episode"])
    errors = {}
    today = timezone.localdate()
    fracture_date = follow_up.episode.fracture_date
    if contact.contacted_on > today:
        errors["contacted_on"] = ["The contact cannot be in the future."]
    elif contact.contacted_on < fracture_date:
        errors["contacted_on"] = ["The contact cannot be before the fracture."]
    if contact.reached:
        if not contact.adherence:
            errors["adherence"] = ["Record how the patient is taking the treatment."]
        elif contact.adherence == Adherence.STOPPED:
            if not contact.stopped_reason:
                errors["stopped_reason"] = ["Give the reason the treatment was stopped."]
            elif contact.stopped_reason == StoppedReason.OTHER and not contact.stopped_reason_other.strip():
                errors["stopped_reason_other"] = ["Say why the treatment was stopped."]
        start = contact.strength_balance_started_on
        if start and (start > today or start < fracture_date):
            errors["strength_balance_started_on"] = ["Enter a date between the fracture and today."]
        if contact.new_fracture:
            new_date = fields.get("new_fracture_date")
            if not new_date:
                errors["new_fracture_date"] = ["Enter the date of the new fracture."]
            elif new_date <= fracture_date or new_date > contact.contacted_on:
                errors["new_fracture_date"] = ["The new fracture must be after this episode's fracture and by the contact date."]
            for name, message in (("new_fracture_site", "Say which bone was broken."),
                                  ("new_fracture_mechanism", "Say how it happened.")):
                if not fields.get(name):
                    errors[name] = [message]
    if errors:
        raise ValidationError(errors)


def _notify_lost(follow_up: FollowUp) -> None:
    """Flag a follow-up lost to follow-up for the site's managers and FLS lead."""
    staff = _staff_by_site([follow_up.site_id])[follow_up.site_id]
    people = set(staff.managers) | set(staff.leads)
    message = f"{follow_up.get_kind_display()} follow-up lost: {follow_up.failed_attempts} unanswered attempts."
    notification_writer_enter(site_ids=[follow_up.site_id])
    Notification.objects.bulk_create(
        [Notification(user_id=uid, follow_up=follow_up, site_id=follow_up.site_id, kind=Notification.Kind.LOST,
                      message=message) for uid in sorted(people)],
        ignore_conflicts=True,
    )


def contact_record(*, follow_up: FollowUp, by, expected_version: int | None, **fields) -> FollowUpContact:
    """Record one attempt to reach the patient.

    Reached: the follow-up is made, with its adherence outcome; the 52-week contact completes the
    episode. Not reached inside the window: one more failed attempt, and at the site's limit the
    follow-up is lost to follow-up and flagged for the manager. A new fracture reported at the
    contact starts a new episode, linked to this one as a refracture (patients.services).
    """
    with transaction.atomic():
        locked = (FollowUp.objects.select_for_update(of=("self",))
                  .select_related("episode", "episode__patient", "site").get(pk=follow_up.pk))
        if expected_version is not None and locked.version != expected_version:
            raise StaleRecord(changed_since(locked, expected_version))
        if locked.status != FollowUp.Status.SCHEDULED:
            raise ValidationError(f"This follow-up is closed ({locked.get_status_display().lower()}).")
        if locked.episode.state != S.IN_FOLLOW_UP:
            raise ValidationError(
                f"Contacts are recorded while the episode is in follow-up; it is {locked.episode.get_state_display().lower()}."
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
        contact.in_window = locked.window_opens <= contact.contacted_on <= locked.window_closes
        if contact.new_fracture:
            outcome = patient_services.episode_create(
                patient=locked.episode.patient, by=by, fracture_date=fields["new_fracture_date"],
                fracture_site=fields["new_fracture_site"], side=fields.get("new_fracture_side") or "unknown",
                mechanism=fields["new_fracture_mechanism"], identified_on=contact.contacted_on, source=Source.OTHER,
                assigned_nurse=locked.episode.assigned_nurse,
            )
            contact.refracture_episode = outcome.episode
        contact._history_user = by
        contact.save()

        episode = locked.episode
        locked.version += 1
        locked._history_user = by
        if contact.reached:
            locked.status = FollowUp.Status.COMPLETED
            locked.outcome = contact.adherence
            locked.closed_at = timezone.now()
            locked.save()
            # Earlier follow-ups never made are now past help: a later contact has been made.
            earlier = [k for k in KIND_ORDER[: KIND_ORDER.index(locked.kind)]]
            missed = FollowUp.objects.filter(episode=episode, kind__in=earlier, status=FollowUp.Status.SCHEDULED)
            missed.update(status=FollowUp.Status.MISSED, closed_at=timezone.now(),
                          status_note=f"A later ({locked.get_kind_display()}) contact was made.")
            if locked.kind == FollowUpKind.WEEK_52:
                # docs/clinical-rules.md#contacts-at-4-12-and-52-weeks and FLS-DB KPI 11: adherence at 52 weeks.
                pathway.complete(episode, by=by, note=f"52-week follow-up: {contact.outcome_label}.")
        else:
            if contact.in_window:
                locked.failed_attempts += 1
            limit = settings_for_site(locked.site).failed_attempt_limit
            if locked.failed_attempts >= limit:
                locked.status = FollowUp.Status.LOST
                locked.closed_at = timezone.now()
                locked.status_note = lost_note(locked.failed_attempts)
                locked.save()
                _notify_lost(locked)
                pathway.mark_lost_to_follow_up(
                    episode, by=by,
                    reason=f"{locked.get_kind_display()} follow-up: {locked.failed_attempts} unanswered attempts "
                           f"inside its window (the site's limit is {limit}).",
                )
            else:
                locked.save()
    follow_up.version, follow_up.status = locked.version, locked.status
    return contact


def follow_up_set_method(*, follow_up: FollowUp, by, method: str) -> FollowUp:
    """How the next contact will be made; a follow-up by letter gets a patient reminder letter."""
    if method not in ContactMethod.values:
        raise ValidationError({"planned_method": ["Choose phone, letter, clinic or video."]})
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.status != FollowUp.Status.SCHEDULED:
            raise ValidationError("This follow-up is closed.")
        locked.planned_method = method
        locked.version += 1
        locked._history_user = by
        locked.save()
    return locked


# --- Notifications ---------------------------------------------------------------------------


def notification_mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(id__in=notification_ids)
    return qs.update(read_at=timezone.now())


def letter_mark_printed(*, letter: PatientReminderLetter) -> None:
    PatientReminderLetter.objects.filter(pk=letter.pk, printed_at__isnull=True).update(printed_at=timezone.now())


# --- The reminder scan -----------------------------------------------------------------------


@dataclass
class ScanResult:
    due: int = 0
    overdue: int = 0
    reminders_created: int = 0
    escalated: int = 0
    notifications_created: int = 0
    letters_created: int = 0
    digests_sent: int = 0
    chunks: int = 0
    detail: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """The one JSON line `scan_followups` ends with."""
        return {"due": self.due, "overdue": self.overdue, "reminders_created": self.reminders_created,
                "escalated": self.escalated}

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _SiteStaff:
    nurses: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    managers: list = field(default_factory=list)


def _staff_by_site(site_ids) -> dict[int, _SiteStaff]:
    """Who is told at each site, in two queries whatever the number of follow-ups."""
    staff = {site_id: _SiteStaff() for site_id in site_ids}
    memberships = (
        SiteMembership.objects.filter(site_id__in=site_ids, user__is_active=True)
        .values_list("site_id", "user_id", "is_lead").order_by("site_id", "user_id")
    )
    roles: dict[int, set] = {}
    for user_id, role in User.groups.through.objects.filter(
        user__memberships__site_id__in=site_ids, group__name__in=[NURSE, MANAGER]
    ).values_list("user_id", "group__name").distinct():
        roles.setdefault(user_id, set()).add(role)
    for site_id, user_id, is_lead in memberships:
        if NURSE in roles.get(user_id, ()):
            staff[site_id].nurses.append(user_id)
        if MANAGER in roles.get(user_id, ()):
            staff[site_id].managers.append(user_id)
        if is_lead:
            staff[site_id].leads.append(user_id)
    return staff


@functools.lru_cache(maxsize=4096)
def _letter_date(day: date, language: str) -> str:
    return date_format(day, "j F Y")


def _render_patient_letter(follow_up: FollowUp, today: date) -> str:
    # The dates come formatted (and each distinct date formatted once): the date filter was half of the
    # render's time, and a catch-up scan renders tens of thousands of letters.
    language = translation.get_language()
    dates = {name: _letter_date(day, language) for name, day in (
        ("today", today), ("fracture_date", follow_up.episode.fracture_date),
        ("window_opens", follow_up.window_opens), ("window_closes", follow_up.window_closes))}
    return render_to_string("followup/letters/patient_reminder.html", {
        "follow_up": follow_up, "patient": follow_up.episode.patient, "site": follow_up.site, "dates": dates,
    })


def _in(values) -> tuple[str, list]:
    """An IN list's placeholders and parameters (never empty: IN () is not SQL)."""
    values = list(values) or [None]
    return ", ".join(["%s"] * len(values)), values


def _staff_cte(name: str, pairs: list[tuple[int, int]]) -> tuple[str, list]:
    """WITH name(site_id, user_id) AS (VALUES …): who is told at which site, as a table the insert joins."""
    pairs = pairs or [(None, None)]
    return (f"{name}(site_id, user_id) AS (VALUES {', '.join(['(%s, %s)'] * len(pairs))})",
            [v for pair in pairs for v in pair])


def _kind_label_sql() -> tuple[str, list]:
    whens = " ".join("WHEN %s THEN %s" for _ in FollowUpKind.choices)
    return f"CASE f.kind {whens} END", [v for pair in FollowUpKind.choices for v in pair]


def _remind_chunk(*, kind: str, rows: list, today: date, staff: dict, result: ScanResult) -> None:
    """Write one chunk, set-based (a handful of INSERT … SELECT statements whatever its size):
    the reminders, then for the follow-ups whose reminder this chunk made, the nurses' notifications,
    the escalations and the letters. The reminder is also what puts the follow-up on its nurse's
    worklist (selectors.worklist), until it is closed.

    The reminder insert skips follow-ups already reminded (the unique constraint) and returns the ones
    it made. A chunk can hold follow-ups another scan reminded a moment ago (read before that scan
    committed, or waited for at the unique index): whatever is not new is left alone, so nothing is
    done twice, and since each chunk commits its reminders with everything else, a reminder that exists
    always has its notifications and letter."""
    is_overdue = kind == Reminder.Kind.OVERDUE
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value(today)
    fu = FollowUp._meta.db_table
    # Escalate past the window to the site's FLS lead; with no lead named, to its managers.
    escalate_to = {site_id: (people.leads or people.managers) for site_id, people in staff.items()} if is_overdue else {}
    escalating_sites = [site_id for site_id, people in escalate_to.items() if people]
    esc_sql, esc_params = _in(escalating_sites)
    ids_sql, ids_params = _in(row[0] for row in rows)
    notification_writer_enter(site_ids=list(staff))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Reminder._meta.db_table} (follow_up_id, site_id, kind, scan_date, escalated, created_at) "
            f"SELECT f.id, f.site_id, %s, %s, CASE WHEN f.site_id IN ({esc_sql}) THEN %s ELSE %s END, %s "
            f"FROM {fu} f WHERE f.id IN ({ids_sql}) ON CONFLICT DO NOTHING RETURNING follow_up_id",
            [kind, day, *esc_params, True, False, now, *ids_params],
        )
        made = {follow_up_id for (follow_up_id,) in cursor.fetchall()}
        if not made:
            return
        new_rows = [row for row in rows if row[0] in made]
        ids_sql, ids_params = _in(row[0] for row in new_rows)
        label_sql, label_params = _kind_label_sql()
        nurses_cte, nurses_params = _staff_cte(
            "site_nurse", [(site_id, u) for site_id, people in staff.items() for u in people.nurses])
        text = " follow-up overdue: its window has closed." if is_overdue else " follow-up due: its window is open."
        # The assigned nurse, or every nurse at the site when no one is assigned: the follow-up's own copy of
        # its episode's nurse, which the database keeps in step with every reassignment (FollowUp.assigned_nurse),
        # so the episodes are not read at all.
        cursor.execute(
            f"WITH {nurses_cte} "
            f"INSERT INTO {Notification._meta.db_table} (user_id, follow_up_id, site_id, kind, message, created_at, read_at) "
            f"SELECT COALESCE(f.assigned_nurse_id, sn.user_id), f.id, f.site_id, %s, {label_sql} || %s, %s, NULL "
            f"FROM {fu} f LEFT JOIN site_nurse sn ON f.assigned_nurse_id IS NULL AND sn.site_id = f.site_id "
            f"WHERE f.id IN ({ids_sql}) AND COALESCE(f.assigned_nurse_id, sn.user_id) IS NOT NULL "
            f"ON CONFLICT DO NOTHING",
            [*nurses_params, kind, *label_params, text, now, *ids_params],
        )
        notified = cursor.rowcount
        if escalating_sites:
            leads_cte, leads_params = _staff_cte(
                "site_lead", [(site_id, u) for site_id, people in escalate_to.items() for u in people])
            cursor.execute(
                f"WITH {leads_cte} INSERT INTO {Notification._meta.db_table} "
                f"(user_id, follow_up_id, site_id, kind, message, created_at, read_at) "
                f"SELECT sl.user_id, f.id, f.site_id, %s, %s || {label_sql} || %s, %s, NULL "
                f"FROM {fu} f JOIN site_lead sl ON sl.site_id = f.site_id WHERE f.id IN ({ids_sql}) "
                f"ON CONFLICT DO NOTHING",
                [*leads_params, Notification.Kind.ESCALATED, "Escalated: ", *label_params,
                 " follow-up not made inside its window.", now, *ids_params],
            )
            notified += cursor.rowcount
    letter_ids = [row[0] for row in new_rows if row[2] == ContactMethod.LETTER]
    if letter_ids:
        letters = [
            PatientReminderLetter(follow_up=f, kind=kind, content_html=_render_patient_letter(f, today))
            for f in FollowUp.objects.filter(id__in=letter_ids).select_related("episode__patient", "site")
        ]
        PatientReminderLetter.objects.bulk_create(letters, ignore_conflicts=True)
        result.letters_created += len(letters)
    result.reminders_created += len(made)
    result.notifications_created += notified
    result.escalated += sum(1 for row in new_rows if row[1] in escalating_sites)
    result.detail[f"{kind}_reminders"] = result.detail.get(f"{kind}_reminders", 0) + len(made)


def _scheduled(site_ids):
    return FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED, site_id__in=site_ids)


def _chunks(passes, chunk_size: int):
    """(kind, rows) for each chunk of each pass, in order along fu_scheduled_by_closing.

    Keyset paging: each chunk starts where the last one ended, so the scan never walks again over
    follow-ups it has just reminded (linear, not quadratic), and a chunk read ahead while the one
    before it is still being written never overlaps it. No row locks: locking the follow-ups cost more
    than a quarter of a catch-up scan (each lock writes to the follow-up's page; EXPLAIN ANALYZE,
    BENCHMARKS.md). Two scans at once (beat's and an operator's) may read the same follow-ups; the
    reminder's unique constraint then decides which one reminds each (see _remind_chunk)."""
    table = FollowUp._meta.db_table
    for kind, candidates in passes:
        after = None
        while True:
            page = candidates
            if after is not None:
                page = page.filter(RawSQL(
                    f'("{table}"."window_closes", "{table}"."id") > (%s, %s)',
                    (connection.ops.adapt_datefield_value(after[0]), after[1]), output_field=BooleanField(),
                ))
            rows = list(page.order_by("window_closes", "id")
                        .values_list("id", "site_id", "planned_method", "window_closes")[:chunk_size])
            if not rows:
                break
            yield kind, rows
            after = (rows[-1][3], rows[-1][0])


def _write_chunk(kind: str, rows: list, *, today: date, staff: dict, result: ScanResult, report) -> None:
    before = result.reminders_created
    with transaction.atomic():
        _remind_chunk(kind=kind, rows=rows, today=today, staff=staff, result=result)
    result.chunks += 1
    report(kind, result.reminders_created - before)


def _write_in_parallel(chunks, *, workers: int, **write) -> ScanResult:
    """The calling thread reads the chunks; `workers` threads, each with its own connection, write them.
    A writer that fails stops the reading; the others finish the chunk in hand and the error is raised."""
    queue, stop, errors = Queue(maxsize=2 * workers), threading.Event(), []

    def writer() -> ScanResult:
        result = ScanResult()
        try:
            while (item := queue.get()) is not None:
                if stop.is_set():
                    continue  # drain, so the reader never waits on a full queue
                try:
                    _write_chunk(*item, result=result, **write)
                except BaseException as error:  # noqa: BLE001 - handed to the calling thread below
                    errors.append(error)
                    stop.set()
            return result
        finally:
            connection.close()  # this thread's connection (Django's are per thread)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="followup-scan") as pool:
        futures = [pool.submit(writer) for _ in range(workers)]
        try:
            for item in chunks:
                if stop.is_set():
                    break
                queue.put(item)
        finally:
            for _ in futures:
                queue.put(None)
        results = [future.result() for future in futures]
    if errors:
        raise errors[0]
    total = ScanResult()
    for part in results:
        for name in ("reminders_created", "escalated", "notifications_created", "letters_created", "chunks"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        for name, n in part.detail.items():
            total.detail[name] = total.detail.get(name, 0) + n
    return total


def followups_scan(*, today: date, site_ids=None, chunk_size: int = DEFAULT_CHUNK_SIZE, progress=None,
                   send_digests: bool = True, workers: int | None = None) -> ScanResult:
    """Find follow-ups whose window is open and those past it, and remind about each exactly once.

    `progress(dict)` is called after each chunk is committed (the Celery task reports it); an exception
    it raises stops the scan. On PostgreSQL, `workers` connections (default settings.FOLLOWUP_SCAN_WORKERS)
    write the chunks this one reads. Safe to run twice, concurrently, or again after a crash: what was
    committed is found done, what was not is done now.
    """
    sites = Site.objects.filter(is_active=True)
    if site_ids is not None:
        sites = sites.filter(id__in=site_ids)
    site_ids = list(sites.values_list("id", flat=True))
    if not site_ids:
        return ScanResult()
    staff = _staff_by_site(site_ids)
    for site in sites:
        settings_for_site(site)  # the rows notification_writer_enter holds (committed before any chunk)
    due = _scheduled(site_ids).filter(window_opens__lte=today, window_closes__gte=today)
    overdue = _scheduled(site_ids).filter(window_closes__lt=today)
    passes = [
        (kind, candidates.filter(
            # Not reminded yet: no Reminder row of this kind (the row is the mark, made in the chunk's transaction).
            ~Exists(Reminder.objects.filter(follow_up_id=OuterRef("pk"), kind=kind))))
        for kind, candidates in ((Reminder.Kind.DUE, due), (Reminder.Kind.OVERDUE, overdue))
    ]
    lock, totals = threading.Lock(), {"chunks": 0, "reminders_created": 0}

    def report(kind: str, created: int) -> None:
        with lock:
            totals["chunks"] += 1
            totals["reminders_created"] += created
            if progress is not None:
                progress({"pass": kind, **totals})

    write = dict(today=today, staff=staff, report=report)
    workers = workers or django_settings.FOLLOWUP_SCAN_WORKERS
    if workers == 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        # Other connections could not see the caller's uncommitted rows; SQLite has one writer anyway.
        result = ScanResult()
        for kind, rows in _chunks(passes, chunk_size):
            _write_chunk(kind, rows, result=result, **write)
    else:
        result = _write_in_parallel(_chunks(passes, chunk_size), workers=workers, **write)
    result.due, result.overdue = due.count(), overdue.count()
    if send_digests:
        result.digests_sent = digests_send(today=today, site_ids=site_ids)
    return result


# --- Daily email digest ----------------------------------------------------------------------


def notification_writer_enter(*, site_ids) -> None:
    """Called in a transaction about to write notifications for these sites, before it writes them.

    The digest's high-water mark is only exact if no notification with a lower id can still commit after
    the mark is taken. Every writer holds its sites' settings rows FOR SHARE until it commits (writers
    never wait for each other); the digest takes every site's row FOR UPDATE while it reads the marks, so
    it waits for the writers in flight, and any writer after it draws higher ids from the sequence.
    SQLite runs one writing transaction at a time, so its ids always commit in order."""
    if connection.vendor != "postgresql":
        return
    ids_sql, ids_params = _in(site_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {FollowUpSettings._meta.db_table} WHERE site_id IN ({ids_sql}) FOR SHARE",
                       ids_params)


def _newest_notification_ids(user_ids) -> dict[int, tuple[int, int]]:
    """{user id: (newest notification id, high-water mark of the last digest sent)}: two index probes a person."""
    newest = Notification.objects.filter(user_id=OuterRef("pk")).order_by("-id").values("id")[:1]
    last_sent = (DigestSent.objects.filter(user_id=OuterRef("pk"), sent_at__isnull=False)
                 .order_by("-digest_date").values("up_to_notification_id")[:1])
    return {pk: (top or 0, done or 0) for pk, top, done in
            User.objects.filter(id__in=user_ids).annotate(top=Subquery(newest), done=Subquery(last_sent))
            .values_list("id", "top", "done")}


def _claim_digests(*, today: date, user_ids) -> list[tuple[DigestSent, int]]:
    """Today's digest of each person with notifications since their last digest, if this caller may send
    it: created now, or abandoned by a sender that died before sending (claimed long ago, never sent) and
    claimed again with a conditional UPDATE. Each with the high-water mark of the digest before it."""
    claimed = []
    now = timezone.now()
    with transaction.atomic():
        # Wait for every notification writer in flight (notification_writer_enter), so that no lower id
        # than the marks read below can commit later.
        list(FollowUpSettings.objects.select_for_update().order_by("id").values_list("id", flat=True))
        for user_id, (top, done) in sorted(_newest_notification_ids(user_ids).items()):
            if top <= done:
                continue
            digest, created = DigestSent.objects.get_or_create(
                user_id=user_id, digest_date=today, defaults={"claimed_at": now, "up_to_notification_id": top})
            if not created:
                if digest.sent_at is not None or digest.claimed_at >= now - DIGEST_RECLAIM_AFTER:
                    continue  # already sent today (or being sent): the rest wait for tomorrow's digest
                if not DigestSent.objects.filter(pk=digest.pk, sent_at__isnull=True, claimed_at=digest.claimed_at
                                                 ).update(claimed_at=now, up_to_notification_id=top):
                    continue
                digest.claimed_at, digest.up_to_notification_id = now, top
            claimed.append((digest, done))
    return claimed


def digests_send(*, today: date, site_ids) -> int:
    """One email a day to each member of staff of these sites with notifications since their last digest.
    No patient identifiers leave by email: the digest gives counts and where to look in FLS Tracker."""
    member_ids = (SiteMembership.objects.filter(site_id__in=site_ids, user__is_active=True)
                  .values_list("user_id", flat=True).distinct())
    sent = 0
    for digest, done in _claim_digests(today=today, user_ids=list(member_ids)):
        user = User.objects.get(pk=digest.user_id)
        pending = Notification.objects.filter(user_id=user.pk, id__gt=done, id__lte=digest.up_to_notification_id)
        counts = dict(pending.order_by().values_list("kind").annotate(n=Count("id")))
        total = sum(counts.values())
        if user.email and total:
            body = render_to_string("followup/email/digest.txt", {
                "user": user, "today": today, "counts": [(Notification.Kind(k).label, n) for k, n in sorted(counts.items())],
                "total": total,
            })
            try:
                send_mail(f"FLS Tracker: {total} follow-up notification{'s' if total != 1 else ''} for {today:%d %b %Y}",
                          body, django_settings.DEFAULT_FROM_EMAIL, [user.email])
            except Exception:  # noqa: BLE001 - a mail server outage must not stop the reminders being made
                logger.exception("Digest email to user %s failed; it will be claimed again later", user.pk)
                continue
        DigestSent.objects.filter(pk=digest.pk).update(sent_at=timezone.now(), notification_count=total)
        sent += 1
    return sent


# --- Beat's dispatcher -----------------------------------------------------------------------


def _local_now(site: Site, now: datetime) -> datetime:
    import zoneinfo

    return now.astimezone(zoneinfo.ZoneInfo(site.timezone))


def scans_to_queue(*, now: datetime | None = None) -> list[tuple[int, str]]:
    """(site id, local date) of each site whose daily scan time has passed today, in its own time zone,
    and whose scan for today is not claimed yet (or was claimed long ago and never finished)."""
    now = now or timezone.now()
    due = []
    for site in Site.objects.filter(is_active=True).order_by("id"):
        config = settings_for_site(site)
        local = _local_now(site, now)
        if local.time() < config.scan_time:
            continue
        run, created = ScanRun.objects.get_or_create(site=site, scan_date=local.date(), defaults={"claimed_at": now})
        if not created:
            if run.finished_at is not None or run.claimed_at >= now - SCAN_RECLAIM_AFTER:
                continue
            if not ScanRun.objects.filter(pk=run.pk, finished_at__isnull=True, claimed_at=run.claimed_at).update(claimed_at=now):
                continue
        due.append((site.pk, local.date().isoformat()))
    return due


def scan_run_finish(*, site_id: int, scan_date: date, result: ScanResult) -> None:
    ScanRun.objects.filter(site_id=site_id, scan_date=scan_date).update(finished_at=timezone.now(), result=result.summary())
