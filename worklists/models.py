"""A nurse's request for clinical advice on an episode, answered from the clinician's worklist."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fls.text import LONG_NOTE_MAX, SHORT_NOTE_MAX, text_validators
from patients.models import FractureEpisode


class ClinicalAdviceRequest(models.Model):
    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="advice_requests",
                                verbose_name=_("episode"))
    question = models.TextField(_("question"), help_text=_("What the clinician should advise on."),
                                max_length=SHORT_NOTE_MAX, validators=text_validators(SHORT_NOTE_MAX))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Answered requests are kept (nothing clinical is deleted); the worklist shows the open ones.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=LONG_NOTE_MAX,
                              validators=text_validators(LONG_NOTE_MAX))

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("clinical advice request")
        verbose_name_plural = _("clinical advice requests")
        constraints = [
            # One open question per episode: asking again while one is open adds nothing.
            models.UniqueConstraint(fields=["episode"], condition=Q(answered_at__isnull=True),
                                    name="one_open_advice_request_per_episode"),
        ]
        indexes = [models.Index(fields=["requested_at"], condition=Q(answered_at__isnull=True),
                                name="wl_open_advice_requests")]

    def __str__(self):
        return gettext("Advice on episode %(episode)s") % {"episode": self.episode_id}


# --- The worklists' read model (worklists.read_model) -----------------------------------------------------
# What the nurse and clinician worklists read, one row per thing on them, kept by ONE function,
# worklists.read_model.worklist_refresh, which the services that change what a list shows call in their own
# transaction (through fls.read_models.episodes_changed: the earlier apps do not import this one). Nothing
# here is a clinical record: each table is a projection of the records, rebuilt from them by the
# `rebuild_worklist` command and checked against them by `check_worklist` (and after every test of the suite).
# The primary key of each row is its source record's, under the column name `id`, so the statements in
# worklists.statements read these tables as they read the records.


class _OnAWorklist(models.Model):
    """The episode's site, patient and nurse, which every list filters on (a row of the read model carries them so
    it is counted and paged from its own index)."""

    site = models.ForeignKey("fls.Site", on_delete=models.CASCADE, related_name="+", db_index=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+", db_index=False)
    assigned_nurse = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                                       related_name="+", db_index=False)

    class Meta:
        abstract = True


class WorklistEpisode(_OnAWorklist):
    """An episode in a worklist state (patients.models.WORKLIST_STATES), with the facts its tab depends on."""

    episode = models.OneToOneField(FractureEpisode, on_delete=models.CASCADE, primary_key=True, db_column="id",
                                   related_name="+")
    state = models.CharField(max_length=30)
    fracture_site = models.CharField(max_length=20)
    fracture_date = models.DateField()
    identified_on = models.DateField()
    state_changed_at = models.DateTimeField(null=True)
    refracture_of = models.ForeignKey(FractureEpisode, on_delete=models.CASCADE, null=True, related_name="+",
                                      db_index=False)
    # The assessment asked for a DXA whose result has not come back, and since when.
    dxa_pending = models.BooleanField()
    dxa_requested_on = models.DateField(null=True)
    # The treatment decision: "" (none), "drafted" or "signed" (assessments.models.DecisionStatus), and when drafted.
    decision_status = models.CharField(max_length=10)
    decision_drafted_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            # Every tab's count and its page in the default order, from this index alone (the INCLUDE columns,
            # PostgreSQL only, carry what the tabs and filters test).
            models.Index(fields=["site", "state", "identified_on"],
                         include=["patient", "assigned_nurse", "fracture_site", "dxa_pending", "decision_status"],
                         name="wl_episode_tabs"),
            models.Index(fields=["assigned_nurse", "state"], name="wl_episode_nurse"),
        ]


class WorklistFollowUp(_OnAWorklist):
    """A scheduled or lost follow-up of an episode on the worklist, with its episode's site, patient and nurse,
    so due and overdue are counted and paged from the follow-ups alone."""

    follow_up = models.OneToOneField("followup.FollowUp", on_delete=models.CASCADE, primary_key=True,
                                     db_column="id", related_name="+")
    episode = models.ForeignKey(FractureEpisode, on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=10)
    kind = models.CharField(max_length=10)
    window_opens = models.DateField()
    window_closes = models.DateField()

    class Meta:
        indexes = [
            # Due and overdue's counts, and their pages in window order: one range of window_opens.
            models.Index(fields=["site", "window_opens", "window_closes"],
                         include=["episode", "assigned_nurse", "patient"], condition=Q(status="scheduled"),
                         name="wl_follow_up_windows"),
            models.Index(fields=["episode", "window_closes"], name="wl_follow_up_episode"),
        ]


class WorklistBloodResult(models.Model):
    """A blood result for a clinician to review: out of range, not entered in error, its episode on its way to a
    signed-off treatment decision (assessments.models.BLOOD_REVIEW_STATES)."""

    blood_result = models.OneToOneField("assessments.BloodResult", on_delete=models.CASCADE, primary_key=True,
                                        db_column="id", related_name="+")
    episode = models.ForeignKey(FractureEpisode, on_delete=models.CASCADE, related_name="+", db_index=False)
    site = models.ForeignKey("fls.Site", on_delete=models.CASCADE, related_name="+", db_index=False)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["site", "recorded_at", "blood_result"], name="wl_blood_results"),
                   models.Index(fields=["episode"], name="wl_blood_result_episode")]


class WorklistCourseItem(_OnAWorklist):
    """A course plan's item (treatment.models.CourseItem) of an episode the service still treats
    (worklists.read_model.TREATMENT_STATES), with its episode's site, patient and nurse and its course's drug: the
    *Treatment due* tab's rows, counted and paged from this table's index alone.

    Why a projection rather than CourseItem joined with its episode (measured 2026-12-05 at 1M episodes, 805,306
    courses, 1.05M items, 6,440 showing at one site; BENCHMARKS.md, "The Treatment due tab"): the tab filters on
    the episode's nurse and patient (mine, the name search) and on its state (a patient who died is not chased
    for a dose), none of which CourseItem holds. Joined, the count and the page each probe the episode of every
    item showing at the site by primary key: 55-90 ms p95 each, more than the page's whole budget of 50. Here one
    index-only range of wl_course_items_showing answers both: 6-15 ms p95. The price is one more table that
    worklist_refresh keeps (treatment.services._replan and every change to an episode already announce it) and
    check_worklist checks."""

    course_item = models.OneToOneField("treatment.CourseItem", on_delete=models.CASCADE, primary_key=True,
                                       db_column="id", related_name="+")
    episode = models.ForeignKey(FractureEpisode, on_delete=models.CASCADE, related_name="+", db_index=False)
    course = models.ForeignKey("treatment.TreatmentCourse", on_delete=models.CASCADE, related_name="+",
                               db_index=False)
    drug = models.CharField(max_length=20)
    code = models.CharField(max_length=40)
    refers_to = models.DateField()
    appears_from = models.DateField()
    replaced_from = models.DateField(null=True)
    escalate = models.BooleanField()

    class Meta:
        indexes = [
            # The tab's count and its page: one range of appears_from (what has appeared by today), the rest of
            # the rule and the filters tested on the INCLUDE columns (PostgreSQL only).
            models.Index(fields=["site", "appears_from"],
                         include=["course_item", "replaced_from", "code", "escalate", "refers_to", "assigned_nurse",
                                  "patient"],
                         name="wl_course_items_showing"),
            models.Index(fields=["episode"], name="wl_course_item_episode"),
        ]
