"""Follow up: the schedule of contacts after treatment is decided, each contact, and the reminders.

docs/clinical-rules.md#contacts-at-4-12-and-52-weeks: contacts at 4, 12 and 52 weeks. The national audit counts its
windows from the fracture (KPI 9: a contact 12–16 weeks after the fracture; KPI 11: adherence at
52 weeks), so the schedule counts from the fracture date unless a site chooses treatment start.

The database is the truth of what is due: each FollowUp row carries its own window (copied from
the site's settings when it was created), and each reminder, notification and letter exists at
most once because a unique constraint says so, whatever the broker does.
"""
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fls.dates import PlausibleDate, format_date
from fls.models import Site
from fls.text import LONG_NOTE_MAX, text_validators
from patients.models import FractureEpisode, Patient

WEEKS = [MinValueValidator(0), MaxValueValidator(156)]


class Anchor(models.TextChoices):
    FRACTURE = "fracture", _("Fracture date (as the national audit counts)")
    TREATMENT_START = "treatment_start", _("Treatment start")


class FollowUpKind(models.TextChoices):
    WEEK_4 = "week_4", _("4-week")
    WEEK_12 = "week_12", _("12-week")
    WEEK_52 = "week_52", _("52-week")


# In pathway order; the 52-week contact is the last and completes the episode.
KIND_ORDER = (FollowUpKind.WEEK_4, FollowUpKind.WEEK_12, FollowUpKind.WEEK_52)


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    CLINIC = "clinic", _("Clinic")
    VIDEO = "video", _("Video")


class Adherence(models.TextChoices):
    # docs/clinical-rules.md#adherence-outcomes: as prescribed, irregularly, stopped (with reason), never started.
    AS_PRESCRIBED = "as_prescribed", _("Taking as prescribed")
    IRREGULARLY = "irregularly", _("Taking irregularly")
    STOPPED = "stopped", _("Stopped")
    NEVER_STARTED = "never_started", _("Never started")


class StoppedReason(models.TextChoices):
    SIDE_EFFECTS = "side_effects", _("Side effects")
    PATIENT_CHOICE = "patient_choice", _("Patient's choice")
    CLINICIAN_ADVICE = "clinician_advice", _("Clinician's advice")
    COST = "cost", _("Cost")
    OTHER = "other", _("Other")


class ContactTiming(models.TextChoices):
    """When a contact was made, against its follow-up's window. A contact outside the window is recorded only once
    the nurse confirms its date (followup.services.contact_record)."""
    EARLY = "early", _("early (before the window opened)")
    ON_TIME = "on_time", _("in the window")
    LATE = "late", _("late (after the window closed)")


class FollowUpSettings(models.Model):
    """One site's follow-up schedule. Editing it changes follow-ups created afterwards only: each
    FollowUp copies its window when it is created."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="followup_settings", verbose_name=_("site"))
    anchor = models.CharField(
        _("count weeks from"), max_length=20, choices=Anchor.choices, default=Anchor.FRACTURE,
        help_text=_("The national audit counts from the fracture date (KPI 9: 12–16 weeks; KPI 11: 52 weeks)."),
    )
    # docs/clinical-rules.md#follow-up-windows: 4, 12 and 52 weeks. Windows are site defaults, not audit rules,
    # except 12–16 weeks (FLS-DB KPI 9) and 52 weeks (KPI 11).
    week_4_opens = models.PositiveSmallIntegerField(_("4-week window opens (week)"), default=3, validators=WEEKS)
    week_4_due = models.PositiveSmallIntegerField(_("4-week contact due (week)"), default=4, validators=WEEKS)
    week_4_closes = models.PositiveSmallIntegerField(_("4-week window closes (week)"), default=6, validators=WEEKS)
    week_12_opens = models.PositiveSmallIntegerField(_("12-week window opens (week)"), default=12, validators=WEEKS)
    week_12_due = models.PositiveSmallIntegerField(_("12-week contact due (week)"), default=12, validators=WEEKS)
    week_12_closes = models.PositiveSmallIntegerField(_("12-week window closes (week)"), default=16, validators=WEEKS)
    week_52_opens = models.PositiveSmallIntegerField(_("52-week window opens (week)"), default=48, validators=WEEKS)
    week_52_due = models.PositiveSmallIntegerField(_("52-week contact due (week)"), default=52, validators=WEEKS)
    week_52_closes = models.PositiveSmallIntegerField(_("52-week window closes (week)"), default=56, validators=WEEKS)
    failed_attempt_limit = models.PositiveSmallIntegerField(
        _("failed attempts before lost to follow-up"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Unanswered contact attempts inside a follow-up's window before it is lost to follow-up."),
    )
    scan_time = models.TimeField(
        _("daily reminder time"), default=time(7, 0),
        help_text=_("When the day's reminders are made, in the site's time zone."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self):
        return str(_("Follow-up settings for %(site)s") % {"site": self.site})

    def window(self, kind: str) -> tuple[int, int, int]:
        """(opens, due, closes) in weeks from the anchor."""
        return tuple(getattr(self, f"{kind}_{part}") for part in ("opens", "due", "closes"))

    def clean(self):
        errors = {}
        for kind in KIND_ORDER:
            opens, due, closes = self.window(kind)
            if opens is None or due is None or closes is None:
                continue
            if not opens <= due <= closes:
                errors[f"{kind}_due"] = [_("The due week must lie inside the window (opens ≤ due ≤ closes).")]
            elif opens == closes:
                errors[f"{kind}_closes"] = [_("The window must be at least a week long.")]
        dues = [self.window(kind)[1] for kind in KIND_ORDER]
        if None not in dues and not dues[0] < dues[1] < dues[2]:
            errors.setdefault("week_12_due", []).append(_("The 4-, 12- and 52-week contacts must fall in that order."))
        if errors:
            raise ValidationError(errors)


class FollowUp(models.Model):
    """One planned contact (4, 12 or 52 weeks) with its due window."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Contact made")
        LOST = "lost", _("Lost to follow-up")
        MISSED = "missed", _("Missed (a later contact was made)")
        # Waiting while its episode is lost to follow-up: not open (no reminders, on no worklist tab) and not
        # closed either, since resuming the episode reopens it (followup.services.schedule).
        ON_HOLD = "on_hold", _("On hold")
        CANCELLED = "cancelled", _("Cancelled")

    # No single-column indexes on these two: the unique (episode, kind) and fu_site_status (site, …) lead with them.
    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="follow_ups", db_index=False,
                                verbose_name=_("episode"))
    # The episode's site, copied so the scan and every list filter on one indexed table. Never kept in step,
    # because it never changes: an episode stays at the site it was identified at (a move elsewhere is the
    # pathway's "transferred" exit), and on PostgreSQL the database holds the two equal (patients
    # episode_with_its_site, migration 0012).
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    # The window as the site's settings said when this follow-up was created (settings changes never move it).
    anchor = models.CharField(_("anchor"), max_length=20, choices=Anchor.choices)
    anchor_date = models.DateField(_("anchor date"))
    opens_week = models.PositiveSmallIntegerField(_("opens week"))
    due_week = models.PositiveSmallIntegerField(_("due week"))
    closes_week = models.PositiveSmallIntegerField(_("closes week"))
    window_opens = models.DateField(_("window opens"))
    due_on = models.DateField(_("due on"))
    window_closes = models.DateField(_("window closes"))
    planned_method = models.CharField(_("planned method"), max_length=10, choices=ContactMethod.choices,
                                      default=ContactMethod.PHONE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    status_note = models.CharField(_("status note"), max_length=300, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(
        _("failed attempts"), default=0, help_text=_("Unanswered attempts inside the window.")
    )
    outcome = models.CharField(_("adherence"), max_length=20, choices=Adherence.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("follow up")
        verbose_name_plural = _("follow ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "kind"], name="one_follow_up_of_each_kind_per_episode"),
            models.CheckConstraint(
                condition=Q(window_opens__lte=models.F("due_on")) & Q(due_on__lte=models.F("window_closes")),
                name="follow_up_due_inside_window",
            ),
        ]
        indexes = [
            # The reminder scan pages along this by key, (window_closes, id) > the last row of the chunk
            # before: the due pass from today on, the overdue pass up to yesterday. A follow-up already
            # reminded is left out by its Reminder row (an anti-join), so reminding writes nothing here.
            models.Index(fields=["window_closes", "id"], name="fu_scheduled_by_closing",
                         condition=Q(status="scheduled")),
            models.Index(fields=["site", "window_closes", "window_opens"], name="fu_scheduled_by_site",
                         condition=Q(status="scheduled")),
            models.Index(fields=["site", "status", "closed_at"], name="fu_site_status"),
        ]

    def __str__(self):
        return str(_("%(kind)s follow-up of %(episode)s") % {"kind": self.get_kind_display(), "episode": self.episode})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def is_on_hold(self) -> bool:
        return self.status == self.Status.ON_HOLD

    def timing_on(self, day) -> str:
        """'upcoming', 'due' or 'overdue' on `day` (for a scheduled follow-up)."""
        if day < self.window_opens:
            return "upcoming"
        return "due" if day <= self.window_closes else "overdue"


class FollowUpContact(models.Model):
    """One attempt to reach the patient for a follow-up, reached or not."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="contacts",
                                  verbose_name=_("follow up"))
    contacted_on = models.DateField(_("date"), validators=[PlausibleDate()])
    method = models.CharField(_("method"), max_length=10, choices=ContactMethod.choices)
    reached = models.BooleanField(_("patient reached"))
    adherence = models.CharField(_("adherence"), max_length=20, choices=Adherence.choices, blank=True)
    stopped_reason = models.CharField(_("reason stopped"), max_length=20, choices=StoppedReason.choices, blank=True)
    stopped_reason_other = models.CharField(_("reason stopped (other)"), max_length=200, blank=True)
    falls_since_last_contact = models.PositiveSmallIntegerField(
        _("falls since the last contact"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    strength_balance_started_on = models.DateField(_("strength and balance training started"), null=True, blank=True,
                                                   validators=[PlausibleDate()])
    new_fracture = models.BooleanField(_("new fracture since the last contact"), default=False)
    refracture_episode = models.ForeignKey(
        FractureEpisode, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("refracture episode"),
        help_text=_("The new episode started for the fracture reported at this contact."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_NOTE_MAX, validators=text_validators(LONG_NOTE_MAX))
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    in_window = models.BooleanField(_("in window"), default=True,
                                    help_text=_("Whether the attempt was made inside the follow-up's window."))
    timing = models.CharField(_("timing"), max_length=10, choices=ContactTiming.choices, default=ContactTiming.ON_TIME,
                              help_text=_("Early or late: made outside the window, its date confirmed by the nurse."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow up contact")
        verbose_name_plural = _("follow up contacts")
        ordering = ["contacted_on", "id"]
        indexes = [models.Index(fields=["follow_up", "contacted_on"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(in_window=True, timing="on_time") | models.Q(in_window=False, timing__in=["early", "late"]),
            name="contact_timing_matches_in_window")]

    def __str__(self):
        # "%d %b %Y" as it was, in the active language's month names.
        return str(_("%(method)s contact on %(date)s") % {"method": self.get_method_display(),
                                                          "date": format_date(self.contacted_on)})

    @property
    def outcome_label(self) -> str:
        if not self.reached:
            return str(_("Not reached"))
        label = self.get_adherence_display()
        if self.adherence == Adherence.STOPPED and self.stopped_reason:
            reason = self.stopped_reason_other if self.stopped_reason == StoppedReason.OTHER and self.stopped_reason_other \
                else self.get_stopped_reason_display().lower()
            label = _("%(adherence)s (%(reason)s)") % {"adherence": label, "reason": reason}
        return label


class Reminder(models.Model):
    """A reminder the scan made: the window opened (due) or passed (overdue). At most one of each per follow-up."""

    class Kind(models.TextChoices):
        DUE = "due", _("Window open")
        OVERDUE = "overdue", _("Window passed")

    # Indexed by the unique (follow_up, kind) and (site, scan_date), which lead with them.
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="reminders", db_index=False,
                                  verbose_name=_("follow up"))
    # A copy of the follow-up's site (whose own foreign key holds), for per-site lists: no second database
    # check per row (each cost ~10 µs of the scan at commit; EXPLAIN ANALYZE, BENCHMARKS.md).
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False,
                             verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    scan_date = models.DateField(_("scan date"), help_text=_("The day of the scan that made it."))
    escalated = models.BooleanField(_("escalated"), default=False, help_text=_("Sent to the site's FLS lead."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "kind"], name="one_reminder_of_each_kind")]
        indexes = [models.Index(fields=["site", "scan_date"])]

    def __str__(self):
        return str(_("%(kind)s reminder for follow-up %(id)s") % {"kind": self.get_kind_display(),
                                                                   "id": self.follow_up_id})


class Notification(models.Model):
    """An in-app message to one member of staff, emailed in that day's digest."""

    class Kind(models.TextChoices):
        DUE = "due", _("Follow-up due")
        OVERDUE = "overdue", _("Follow-up overdue")
        ESCALATED = "escalated", _("Overdue follow-up escalated to the FLS lead")
        LOST = "lost", _("Patient lost to follow-up")
        # A course item's reminder (treatment.models.CourseReminder): its code says which.
        TREATMENT = "treatment", _("Treatment due")
        TREATMENT_ESCALATED = "treatment_escalated", _("Treatment overdue, escalated to the FLS lead")

    # Indexed by the unique (user, follow_up, kind) and notification_by_user (user, id). No database check
    # per row: staff are deactivated, never deleted, and deleting one through Django still deletes their
    # notifications (CASCADE); the check was a million lookups of the same few rows in a catch-up scan.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_notifications",
                             db_index=False, db_constraint=False, verbose_name=_("user"))
    # Not indexed alone: nothing lists a follow-up's notifications (and follow-ups are never deleted). Not
    # checked by the database either: a notification is only ever made in the transaction that makes its
    # follow-up's reminder (or marks it lost), whose own foreign key is checked; the second check of the
    # same follow-up cost ~7 µs a row, a fifth of a catch-up scan's commits (BENCHMARKS.md).
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="notifications", db_index=False,
                                  db_constraint=False, null=True, verbose_name=_("follow up"))
    # Or a treatment course's reminder (a dose due or overdue, a course ending, a review due): one of the two.
    # Checked by the database (few rows: one per course item reminded).
    course_reminder = models.ForeignKey("treatment.CourseReminder", on_delete=models.PROTECT, null=True,
                                        related_name="notifications", db_index=False,
                                        verbose_name=_("course reminder"))
    # A copy of the follow-up's site (whose own foreign key holds), as on Reminder: no index (sites are
    # deactivated, never deleted, so nothing looks notifications up by site alone) and no second check.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False,
                             verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        # Newest first. Ids rise with creation, so the (user, id) index serves the list and the digest's
        # high-water mark alike (DigestSent.up_to_notification_id).
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "follow_up", "kind"], name="one_notification_per_user_follow_up_kind"),
            models.UniqueConstraint(fields=["user", "course_reminder"], condition=Q(course_reminder__isnull=False),
                                    name="one_notification_per_user_course_reminder"),
            models.CheckConstraint(condition=Q(follow_up__isnull=True) ^ Q(course_reminder__isnull=True),
                                   name="notification_of_a_follow_up_or_a_course"),
        ]
        indexes = [models.Index(fields=["user", "id"], name="notification_by_user")]

    def __str__(self):
        return self.message


class DigestSent(models.Model):
    """The one email digest a member of staff gets on a day. The row is the claim: made before sending.

    A digest covers the person's notifications after the last digest sent, up to and including
    `up_to_notification_id` (a high-water mark, taken while no notification writer is in flight: see
    services.digests_send), so marking a day's notifications emailed is one row, not one per notification."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("user"))
    digest_date = models.DateField(_("digest date"))
    claimed_at = models.DateTimeField(_("claimed at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    up_to_notification_id = models.BigIntegerField(_("up to notification id"), default=0)
    notification_count = models.PositiveIntegerField(_("notification count"), default=0)

    class Meta:
        ordering = ["-digest_date", "user_id"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [models.UniqueConstraint(fields=["user", "digest_date"], name="one_digest_per_user_per_day")]


class PatientReminderLetter(models.Model):
    """A reminder letter to the patient for a follow-up by letter, kept as generated (a document)."""

    # Indexed by the unique (follow_up, kind).
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="letters", db_index=False,
                                  verbose_name=_("follow up"))
    kind = models.CharField(_("kind"), max_length=10, choices=Reminder.Kind.choices)
    content_html = models.TextField(_("content html"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    printed_at = models.DateTimeField(_("printed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("patient reminder letter")
        verbose_name_plural = _("patient reminder letters")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["follow_up", "kind"], name="one_patient_letter_per_reminder")]

    def __str__(self):
        return str(_("Reminder letter for follow-up %(id)s") % {"id": self.follow_up_id})


class ScanRun(models.Model):
    """The scheduled scan of one site for one day (its local date). The row is the claim that stops
    beat's dispatcher from queueing the same day twice; a stale unfinished run is claimed again."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    scan_date = models.DateField(_("scan date"))
    claimed_at = models.DateTimeField(_("claimed at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scan run")
        verbose_name_plural = _("scan runs")
        ordering = ["-scan_date", "site_id"]
        constraints = [models.UniqueConstraint(fields=["site", "scan_date"], name="one_scheduled_scan_per_site_per_day")]

    def __str__(self):
        return str(_("Scan of %(site)s for %(date)s") % {"site": self.site, "date": self.scan_date})
