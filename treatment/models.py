"""Treatment after the decision: each course of a bone-protection drug, the doses given, the drug-holiday reviews,
a stop or a switch, and the course plan's items (what the service must act on and when) with their reminders.

docs/clinical-rules.md#course-plans. A signed-off decision that recommends a drug opens the episode's first course
with the decision's regimen (treatment.reactions); a switch opens the next, which names the one it follows. The
plan (treatment.course_plan, pure) is derived from the course and its doses on every write and kept as
CourseItem rows, so the daily scan, the *Treatment due* tab and the episode page ask the database what is due.
A CourseReminder exists at most once per item (course, code, the date it is about): a unique constraint, whatever
the broker or a killed worker does.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import DoseInterval, Recommendation, Route
from fls.dates import PlausibleDate
from fls.models import Site
from fls.text import SHORT_NOTE_MAX, text_validators
from patients.models import FractureEpisode

# The drugs a course can be of: every recommendation but "no drug treatment".
COURSE_DRUGS = [(value, label) for value, label in Recommendation.choices if value != Recommendation.NONE]


class CourseStatus(models.TextChoices):
    ACTIVE = "active", _("On treatment")
    STOPPED = "stopped", _("Stopped")


class StopReason(models.TextChoices):
    COURSE_COMPLETED = "course_completed", _("Course completed")
    DRUG_HOLIDAY = "drug_holiday", _("Drug holiday after review")
    SWITCHED = "switched", _("Switched to another drug")
    SIDE_EFFECTS = "side_effects", _("Side effects")
    PATIENT_CHOICE = "patient_choice", _("Patient's choice")
    CLINICIAN_ADVICE = "clinician_advice", _("Clinician's advice")
    CONTRAINDICATION = "contraindication", _("Contraindication")
    NEVER_STARTED = "never_started", _("Never started")
    OTHER = "other", _("Other")


class DosePlace(models.TextChoices):
    FLS_CLINIC = "fls_clinic", _("FLS clinic")
    GP = "gp", _("GP practice")
    WARD = "ward", _("Ward")
    DAY_UNIT = "day_unit", _("Day unit")
    HOME = "home", _("At home")
    OTHER = "other", _("Elsewhere")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue treatment")
    HOLIDAY = "holiday", _("Start a drug holiday")


class TreatmentCourse(models.Model):
    """One course of one drug for an episode, with its regimen, from its start to its stop (or on)."""

    Status = CourseStatus

    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="treatment_courses",
                                verbose_name=_("episode"))
    # The episode's site (it never changes), so the scan and the tab filter one table.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("site"))
    # The signed-off decision the course carries out (the first course of an episode); a follow-on drug's course
    # names the course it follows instead.
    decision = models.OneToOneField("assessments.TreatmentDecision", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="course", verbose_name=_("decision"))
    follows = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="followed_by", verbose_name=_("follows"))
    drug = models.CharField(_("drug"), max_length=20, choices=COURSE_DRUGS)
    drug_other = models.CharField(_("other drug"), max_length=200, blank=True)
    dose = models.CharField(_("dose"), max_length=40, blank=True)
    route = models.CharField(_("route"), max_length=10, blank=True, choices=Route.choices)
    interval = models.CharField(_("how often"), max_length=12, blank=True, choices=DoseInterval.choices)
    duration_months = models.PositiveSmallIntegerField(
        _("planned duration or review (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)])
    starts_on = models.DateField(_("starts on"), validators=[PlausibleDate()])
    status = models.CharField(_("status"), max_length=10, choices=CourseStatus.choices, default=CourseStatus.ACTIVE)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True, validators=[PlausibleDate()])
    stop_reason = models.CharField(_("reason stopped"), max_length=20, choices=StopReason.choices, blank=True)
    stop_note = models.CharField(_("note on the stop"), max_length=SHORT_NOTE_MAX, blank=True,
                                 validators=text_validators(SHORT_NOTE_MAX))
    follow_on_drug = models.CharField(_("follow-on drug"), max_length=20, choices=COURSE_DRUGS, blank=True)
    follow_on_starts_on = models.DateField(_("follow-on drug starts on"), null=True, blank=True,
                                           validators=[PlausibleDate()])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version", "site"])

    class Meta:
        verbose_name = _("treatment course")
        verbose_name_plural = _("treatment courses")
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode"], condition=Q(status="active"),
                                    name="one_active_course_per_episode"),
            models.CheckConstraint(condition=Q(status="active", stopped_on__isnull=True)
                                   | Q(status="stopped", stopped_on__isnull=False),
                                   name="course_stopped_has_its_date"),
        ]
        indexes = [models.Index(fields=["site", "status", "starts_on"], name="course_site_status")]

    def __str__(self):
        return str(_("%(drug)s course of %(episode)s") % {"drug": self.drug_label, "episode": self.episode})

    @property
    def drug_label(self) -> str:
        if self.drug == Recommendation.OTHER and self.drug_other:
            return self.drug_other
        return self.get_drug_display()

    @property
    def is_active(self) -> bool:
        return self.status == CourseStatus.ACTIVE


class DoseGiven(models.Model):
    """One dose given (an injection or infusion; for tablets, the start of a supply if the service records it)."""

    course = models.ForeignKey(TreatmentCourse, on_delete=models.PROTECT, related_name="doses",
                               verbose_name=_("course"))
    given_on = models.DateField(_("date given"), validators=[PlausibleDate()])
    place = models.CharField(_("where"), max_length=12, choices=DosePlace.choices)
    given_by = models.CharField(_("given by"), max_length=100, blank=True,
                                help_text=_("Who gave it, for example the practice nurse."))
    batch = models.CharField(_("batch number"), max_length=40, blank=True)
    entered_in_error = models.BooleanField(_("entered in error"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        # Django's defaults from the class name, as they were.
        verbose_name = _("dose given")
        verbose_name_plural = _("dose givens")
        ordering = ["given_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "given_on"], condition=Q(entered_in_error=False),
                                    name="one_dose_per_course_per_day"),
        ]

    def __str__(self):
        return str(_("Dose of course %(course)s on %(date)s") % {"course": self.course_id, "date": self.given_on})


class CourseReview(models.Model):
    """The drug-holiday review of a bisphosphonate course: continue (and when to review again) or a holiday."""

    course = models.ForeignKey(TreatmentCourse, on_delete=models.PROTECT, related_name="reviews",
                               verbose_name=_("course"))
    reviewed_on = models.DateField(_("date of the review"), validators=[PlausibleDate()])
    outcome = models.CharField(_("decision"), max_length=10, choices=ReviewOutcome.choices)
    next_review_months = models.PositiveSmallIntegerField(
        _("review again after (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)])
    reasons = models.CharField(_("reasons to continue found"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=SHORT_NOTE_MAX, blank=True,
                            validators=text_validators(SHORT_NOTE_MAX))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course review")
        verbose_name_plural = _("course reviews")
        ordering = ["reviewed_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome="holiday") | Q(next_review_months__isnull=False),
                                   name="review_to_continue_names_the_next"),
        ]

    def __str__(self):
        return str(_("Review of course %(course)s on %(date)s") % {"course": self.course_id, "date": self.reviewed_on})


class CourseItemCode(models.TextChoices):
    # treatment.course_plan's item codes.
    DOSE_DUE = "dose_due", _("Dose due")
    DOSE_OVERDUE = "dose_overdue", _("Dose overdue")
    COURSE_ENDING = "course_ending", _("Course ending")
    REVIEW_DUE = "review_due", _("Review due")
    DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON = "denosumab_stopped_without_follow_on", _("Denosumab stopped, no follow-on")
    DENOSUMAB_FOLLOW_ON_LATE = "denosumab_follow_on_late", _("Denosumab follow-on late")
    ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON = "anabolic_stopped_without_follow_on", _("Anabolic stopped, no follow-on")


# What the scan's summary counts each code as ("doses_due", "doses_overdue", "course_events").
DOSE_CODES = (CourseItemCode.DOSE_DUE, CourseItemCode.DOSE_OVERDUE)


class CourseItem(models.Model):
    """One item of a course's plan (treatment.course_plan.PlanItem): derived, not a clinical record. The course's
    writes replace its items in their own transaction, so what is here is what the plan says now."""

    course = models.ForeignKey(TreatmentCourse, on_delete=models.CASCADE, related_name="items", db_index=False,
                               verbose_name=_("course"))
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("site"))
    episode = models.ForeignKey(FractureEpisode, on_delete=models.CASCADE, related_name="+", db_index=False,
                                verbose_name=_("episode"))
    code = models.CharField(_("code"), max_length=40, choices=CourseItemCode.choices)
    refers_to = models.DateField(_("refers to"), help_text=_("The dose, course end, review or stop it is about."))
    appears_from = models.DateField(_("appears from"), help_text=_("The first day it shows and is reminded of."))
    # The day another item of the same dose takes its place (a dose due becomes overdue): shown before it only.
    replaced_from = models.DateField(_("replaced from"), null=True, blank=True)
    escalate = models.BooleanField(_("escalate"), default=False)
    unverified = models.BooleanField(_("unverified"), default=False)

    class Meta:
        verbose_name = _("course item")
        verbose_name_plural = _("course items")
        ordering = ["appears_from", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "code", "refers_to"], name="one_course_item")]
        indexes = [models.Index(fields=["site", "appears_from"], name="course_item_by_site")]

    def shows_on(self, day) -> bool:
        return self.appears_from <= day and (self.replaced_from is None or day < self.replaced_from)


class CourseReminder(models.Model):
    """A reminder the scan made of a course item: at most one per item, a database constraint."""

    course = models.ForeignKey(TreatmentCourse, on_delete=models.PROTECT, related_name="reminders", db_index=False,
                               verbose_name=_("course"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("site"))
    code = models.CharField(_("code"), max_length=40, choices=CourseItemCode.choices)
    refers_to = models.DateField(_("refers to"))
    scan_date = models.DateField(_("scan date"))
    escalated = models.BooleanField(_("escalated"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course reminder")
        verbose_name_plural = _("course reminders")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["course", "code", "refers_to"],
                                               name="one_reminder_per_course_item")]
        indexes = [models.Index(fields=["site", "scan_date"], name="course_reminder_by_scan")]

    def __str__(self):
        return str(_("%(item)s reminder for course %(course)s") % {"item": self.get_code_display(),
                                                                    "course": self.course_id})

    @property
    def is_dose(self) -> bool:
        """A dose due or overdue: its notification offers the patient's reminder letter (treatment.letters)."""
        return self.code in DOSE_CODES


class TreatmentSettings(models.Model):
    """One site's course-plan settings (docs/clinical-rules.md#course-plans); both numbers unverified."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="treatment_settings",
                                verbose_name=_("site"))
    booking_lead_days = models.PositiveSmallIntegerField(
        _("booking lead time (days)"), default=28, validators=[MinValueValidator(0), MaxValueValidator(120)],
        help_text=_("A dose, course end or review shows as due this many days before its date. Unverified: the "
                    "project's default, 4 weeks."))
    zoledronic_acid_overdue_months = models.PositiveSmallIntegerField(
        _("zoledronic acid overdue after (months)"), default=15,
        validators=[MinValueValidator(12), MaxValueValidator(24)],
        help_text=_("Months after the last infusion before the next is overdue. Unverified: no source gives a "
                    "limit."))
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("treatment settings")
        verbose_name_plural = _("treatment settings")

    def __str__(self):
        return str(_("Treatment settings for %(site)s") % {"site": self.site})
