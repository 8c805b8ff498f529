"""Investigate and initiate treatment: the assessment of an episode, its blood results, the
treatment decision a clinician signs off, and each letter sent to primary care.

Each part of the assessment (falls, DXA, vertebral imaging, clinical risk factors, fracture risk)
is saved on its own as results come in. Clinical records keep their history (django-simple-history),
carry a `version` for optimistic locking, and are never deleted.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from fls.dates import PlausibleDate, format_date
from fls.models import Site
from fls.text import LONG_NOTE_MAX, SHORT_NOTE_MAX, text_validators
from patients.models import EpisodeState, FractureEpisode, FractureSite

from . import rules

T_SCORE = dict(max_digits=3, decimal_places=1, null=True, blank=True,
               validators=[MinValueValidator(-8), MaxValueValidator(6)])
PERCENT = dict(max_digits=4, decimal_places=1, null=True, blank=True,
               validators=[MinValueValidator(0), MaxValueValidator(100)])


class FallsAssessment(models.TextChoices):
    NOT_DONE = "not_done", _("Not done yet")
    DONE = "done", _("Done by the FLS")
    REFERRED = "referred", _("Referred to a falls service")
    RECOMMENDED = "recommended", _("Recommended")


class StrengthBalance(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet considered")
    RECOMMENDED = "recommended", _("Recommended")
    REFERRED = "referred", _("Referred")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


class SpineImaging(models.TextChoices):
    NOT_DONE = "not_done", _("Not done")
    VFA = "vfa", _("Vertebral fracture assessment (VFA) on DXA")
    IMAGING = "imaging", _("Spine imaging (X-ray, CT or MRI)")


class YesNo(models.TextChoices):
    """A question the safety checks need answered: blank until it is asked (shown as "not recorded")."""
    YES = "yes", _("Yes")
    NO = "no", _("No")
    __empty__ = _("Not recorded")

    @staticmethod
    def as_bool(answer: str) -> bool | None:
        return {"yes": True, "no": False}.get(answer)


class VertebralLevel(models.TextChoices):
    T4, T5, T6, T7, T8, T9, T10, T11, T12 = (("t%d" % n, "T%d" % n) for n in range(4, 13))
    L1, L2, L3, L4, L5 = (("l%d" % n, "L%d" % n) for n in range(1, 6))


class GenantGrade(models.TextChoices):
    # Genant semi-quantitative grade: the loss of vertebral height.
    MILD = "1", _("Grade 1 (mild, 20-25%)")
    MODERATE = "2", _("Grade 2 (moderate, 25-40%)")
    SEVERE = "3", _("Grade 3 (severe, over 40%)")


class FractureAge(models.TextChoices):
    """How old a vertebral fracture seen on imaging looks: a new one is dated by the imaging."""
    NEW = "new", _("New or recent")
    OLD = "old", _("Old")
    UNKNOWN = "unknown", _("Age not known")


class DecisionStatus(models.TextChoices):
    """Where an episode's treatment decision stands (the worklists' tabs and the read model use it)."""
    NONE = "", _("No treatment decision")
    DRAFTED = "drafted", _("Drafted, awaiting sign-off")
    SIGNED = "signed", _("Signed off")


def out_of_range() -> Q:
    """BloodResult.is_out_of_range in SQL, the same rule as assessments.rules.is_out_of_range: below the
    laboratory's low, above its high, or a qualitative result ticked abnormal. A missing value or bound
    compares as NULL, so it is never out of range by that bound (as in the rule)."""
    return Q(flagged_abnormal=True) | Q(value__lt=F("reference_low")) | Q(value__gt=F("reference_high"))


# An out-of-range result is for a clinician to review while the episode is on its way to a signed-off treatment
# decision: from identification until follow-up starts or the episode leaves the pathway.
BLOOD_REVIEW_STATES = (EpisodeState.IDENTIFIED, EpisodeState.AWAITING_ASSESSMENT, EpisodeState.ASSESSED,
                       EpisodeState.TREATMENT_DECIDED)


class Assessment(models.Model):
    """The FLS assessment of one fracture episode (docs/clinical-rules.md#model-a-pathway: Model A
    assesses future fracture risk, falls risk and nutrition)."""

    episode = models.OneToOneField(FractureEpisode, on_delete=models.PROTECT, related_name="assessment",
                                   verbose_name=_("episode"))
    assessed_on = models.DateField(_("assessment date"), validators=[PlausibleDate()])
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("assessed by"))

    # Falls
    falls_last_12_months = models.PositiveSmallIntegerField(_("falls in the last 12 months"), null=True, blank=True)
    gait_balance_result = models.CharField(
        _("gait / balance test result"), max_length=200, blank=True,
        help_text=_("For example: Timed Up and Go 14 s; unable to stand from chair without arms."),
    )
    falls_assessment = models.CharField(_("falls assessment"), max_length=20, choices=FallsAssessment.choices, default=FallsAssessment.NOT_DONE)
    strength_balance = models.CharField(
        _("strength and balance training"), max_length=20, choices=StrengthBalance.choices, default=StrengthBalance.NOT_YET
    )

    # Bone density (DXA)
    dxa_requested_on = models.DateField(_("DXA requested on"), null=True, blank=True, validators=[PlausibleDate()])
    dxa_performed_on = models.DateField(_("DXA performed on"), null=True, blank=True, validators=[PlausibleDate()])
    t_score_lumbar_spine = models.DecimalField(_("lumbar spine T-score"), **T_SCORE)
    t_score_total_hip = models.DecimalField(_("total hip T-score"), **T_SCORE)
    t_score_femoral_neck = models.DecimalField(_("femoral neck T-score"), **T_SCORE)
    z_score_lumbar_spine = models.DecimalField(_("lumbar spine Z-score"), **T_SCORE)
    z_score_total_hip = models.DecimalField(_("total hip Z-score"), **T_SCORE)
    z_score_femoral_neck = models.DecimalField(_("femoral neck Z-score"), **T_SCORE)

    # Vertebral fracture assessment or spine imaging
    spine_imaging = models.CharField(
        _("vertebral fracture assessment"), max_length=20, choices=SpineImaging.choices, default=SpineImaging.NOT_DONE
    )
    spine_imaging_on = models.DateField(_("spine imaging date"), null=True, blank=True, validators=[PlausibleDate()])
    spine_imaging_result = models.TextField(_("spine imaging result"), blank=True, max_length=SHORT_NOTE_MAX,
                                            validators=text_validators(SHORT_NOTE_MAX))
    # Each vertebral fracture found is a VertebralFracture (below): level, grade, how old, which imaging.

    # Clinical risk factors (docs/clinical-rules.md#frax-clinical-risk-factors)
    previous_fracture = models.BooleanField(_("previous fragility fracture"), default=False)
    parental_hip_fracture = models.BooleanField(_("parental hip fracture"), default=False)
    current_smoker = models.BooleanField(_("current smoking"), default=False)
    alcohol_3_or_more_units = models.BooleanField(_("alcohol 3 or more units a day"), default=False)
    oral_glucocorticoids = models.BooleanField(_("oral glucocorticoids"), default=False)
    glucocorticoid_mg_per_day = models.DecimalField(
        _("prednisolone-equivalent dose (mg a day)"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    glucocorticoid_months = models.PositiveSmallIntegerField(_("glucocorticoids for (months)"), null=True, blank=True)
    rheumatoid_arthritis = models.BooleanField(_("rheumatoid arthritis"), default=False)
    secondary_osteoporosis = models.BooleanField(_("secondary osteoporosis"), default=False)
    other_fractures_last_2_years = models.PositiveSmallIntegerField(
        _("other fractures in the last 2 years"), null=True, blank=True,
        help_text=_("Fragility fractures other than this one in the last 2 years."),
    )
    height_cm = models.DecimalField(
        _("height (cm)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(100), MaxValueValidator(230)],
    )
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(300)],
    )

    # What the treatment safety checks ask (docs/clinical-rules.md#treatment-safety-checks): blank = not asked.
    prior_mi_or_stroke = models.CharField(_("myocardial infarction or stroke ever"), max_length=3, blank=True, default="", db_default="",
                                          choices=YesNo.choices, help_text=_("Asked before romosozumab."))
    oesophageal_disorder = models.CharField(_("oesophageal stricture or achalasia"), max_length=3, blank=True, default="", db_default="",
                                            choices=YesNo.choices, help_text=_("Asked before an oral bisphosphonate."))
    cannot_stay_upright = models.CharField(_("cannot sit or stand upright for 30-60 minutes"), max_length=3,
                                           blank=True, default="", db_default="", choices=YesNo.choices,
                                           help_text=_("Asked before an oral bisphosphonate."))
    skeletal_contraindication = models.CharField(
        _("Paget's disease, unexplained raised ALP, skeletal radiotherapy or bone malignancy"), max_length=3,
        blank=True, default="", db_default="", choices=YesNo.choices, help_text=_("Asked before teriparatide or abaloparatide."))

    # Fracture risk. FRAX is closed (docs/clinical-rules.md#frax-figures-are-entered): figures are entered.
    frax_mof_percent = models.DecimalField(_("FRAX major osteoporotic fracture (10-year %)"), **PERCENT)
    frax_hip_percent = models.DecimalField(_("FRAX hip fracture (10-year %)"), **PERCENT)
    frax_with_bmd = models.BooleanField(_("FRAX calculated with femoral-neck BMD"), default=False)

    notes = models.TextField(_("notes"), blank=True, max_length=LONG_NOTE_MAX,
                             validators=text_validators(LONG_NOTE_MAX))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("completed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])


    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return _("Assessment of %(episode)s") % {"episode": self.episode}

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def t_scores(self) -> list:
        return [self.t_score_lumbar_spine, self.t_score_total_hip, self.t_score_femoral_neck]

    @property
    def lowest_t_score(self):
        return rules.lowest(self.t_scores)

    @property
    def who_class(self) -> str | None:
        return rules.who_classification(self.t_scores)

    @property
    def who_class_label(self) -> str:
        return str(rules.WHOClass.LABELS.get(self.who_class, ""))

    @property
    def severe_osteoporosis(self) -> bool:
        # docs/clinical-rules.md#severe-established-osteoporosis: osteoporosis with a fragility fracture.
        return self.who_class == rules.WHOClass.OSTEOPOROSIS

    @property
    def bmi(self):
        return rules.bmi(self.height_cm, self.weight_kg)

    @property
    def has_dxa_result(self) -> bool:
        return any(t is not None for t in self.t_scores)


    def risk_factor_labels(self) -> list[str]:
        names = ["previous_fracture", "parental_hip_fracture", "current_smoker", "alcohol_3_or_more_units",
                 "oral_glucocorticoids", "rheumatoid_arthritis", "secondary_osteoporosis"]
        return [str(self._meta.get_field(n).verbose_name).capitalize() for n in names if getattr(self, n)]


class BloodTest(models.TextChoices):
    # docs/clinical-rules.md#blood-tests-for-secondary-causes: common tests for secondary causes.
    CALCIUM = "calcium", _("Calcium (adjusted)")
    VITAMIN_D = "vitamin_d", _("25-OH vitamin D")
    CREATININE = "creatinine", _("Creatinine")
    EGFR = "egfr", _("eGFR")
    ALP = "alp", _("Alkaline phosphatase (ALP)")
    LIVER = "liver", _("Liver function (other)")
    TSH = "tsh", _("TSH")
    PTH = "pth", _("PTH")
    HAEMOGLOBIN = "haemoglobin", _("Full blood count: haemoglobin")
    MYELOMA = "myeloma", _("Myeloma screen (protein electrophoresis)")
    OTHER = "other", _("Other")


# Usual units, offered as a default; reference ranges are the reporting laboratory's own.
DEFAULT_UNITS = {
    BloodTest.CALCIUM: "mmol/L", BloodTest.VITAMIN_D: "nmol/L", BloodTest.CREATININE: "µmol/L",
    BloodTest.EGFR: "mL/min/1.73m²", BloodTest.ALP: "U/L", BloodTest.TSH: "mU/L", BloodTest.PTH: "pmol/L",
    BloodTest.HAEMOGLOBIN: "g/L",
}


_BLOOD_TEST_LABELS = dict(BloodTest.choices)


def _label_or_other(labels: dict, value: str, other: str, other_text: str) -> str:
    """A choice's label, or the words typed for "other" when it is other and they were given."""
    if value == other and other_text:
        return other_text
    return str(labels.get(value, value))


class BloodResult(models.Model):
    """One blood result for secondary causes: value, unit, the laboratory's reference range."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="blood_results",
                                   verbose_name=_("assessment"))
    test = models.CharField(_("test"), max_length=20, choices=BloodTest.choices)
    test_name = models.CharField(_("test name (if other)"), max_length=100, blank=True)
    taken_on = models.DateField(_("sample taken on"), null=True, blank=True, validators=[PlausibleDate()])
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=3, null=True, blank=True)
    result_text = models.CharField(
        _("result (text)"), max_length=200, blank=True, help_text=_("For qualitative results, e.g. no paraprotein detected.")
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    reference_low = models.DecimalField(_("reference low"), max_digits=10, decimal_places=3, null=True, blank=True)
    reference_high = models.DecimalField(_("reference high"), max_digits=10, decimal_places=3, null=True, blank=True)
    flagged_abnormal = models.BooleanField(
        _("abnormal"), default=False, help_text=_("Tick for an abnormal qualitative result (a number is flagged by its range).")
    )
    entered_in_error = models.BooleanField(_("entered in error"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["test", "-taken_on", "id"]
        verbose_name = _("blood result")
        verbose_name_plural = _("blood results")

    def __str__(self):
        return _("%(test)s: %(value)s") % {"test": self.display_name, "value": self.display_value}

    # How a result is written on every page. Static as well, for the lists that read raw columns
    # (worklists.clinician_statements), so there is one rule for both.
    @property
    def display_name(self) -> str:
        return self.test_label(self.test, self.test_name)

    @property
    def display_value(self) -> str:
        return self.value_label(self.value, self.unit, self.result_text)

    @property
    def reference_range(self) -> str:
        return self.range_label(self.reference_low, self.reference_high)

    @staticmethod
    def test_label(test: str, test_name: str) -> str:
        return _label_or_other(_BLOOD_TEST_LABELS, test, BloodTest.OTHER, test_name)

    @staticmethod
    def value_label(value, unit: str, result_text: str) -> str:
        if value is not None:
            return f"{value.normalize():f} {unit}".strip()
        return result_text

    @staticmethod
    def range_label(reference_low, reference_high) -> str:
        low = f"{reference_low.normalize():f}" if reference_low is not None else ""
        high = f"{reference_high.normalize():f}" if reference_high is not None else ""
        if low and high:
            return f"{low}–{high}"
        return f"≥ {low}" if low else (f"≤ {high}" if high else "")

    @property
    def is_out_of_range(self) -> bool:
        return self.flagged_abnormal or rules.is_out_of_range(self.value, self.reference_low, self.reference_high)



class Recommendation(models.TextChoices):
    NONE = "none", _("No drug treatment indicated")
    ALENDRONATE = "alendronate", _("Alendronate")
    RISEDRONATE = "risedronate", _("Risedronate")
    IBANDRONATE = "ibandronate", _("Ibandronate")
    ZOLEDRONIC_ACID = "zoledronic_acid", _("Zoledronic acid")
    DENOSUMAB = "denosumab", _("Denosumab")
    TERIPARATIDE = "teriparatide", _("Teriparatide")
    ROMOSOZUMAB = "romosozumab", _("Romosozumab")
    ABALOPARATIDE = "abaloparatide", _("Abaloparatide")
    RALOXIFENE = "raloxifene", _("Raloxifene")
    HRT = "hrt", _("Hormone replacement therapy (HRT)")
    OTHER = "other", _("Other")


class CalciumVitaminD(models.TextChoices):
    # docs/clinical-rules.md#calcium-and-vitamin-d (ASBMR): make sure calcium and vitamin D are adequate.
    START = "start", _("Start calcium and vitamin D")
    CONTINUE = "continue", _("Already taking: continue")
    VITAMIN_D_ONLY = "vitamin_d_only", _("Vitamin D only (dietary calcium adequate)")
    NOT_NEEDED = "not_needed", _("Not needed")


class Initiator(models.TextChoices):
    FLS = "fls", _("The FLS initiates treatment")
    PRIMARY_CARE = "primary_care", _("Primary care initiates treatment")
    SPECIALIST = "specialist", _("A specialist initiates treatment")
    PRIMARY_CARE_INFORMED = "primary_care_informed", _("Primary care informed")
    PATIENT_INFORMED = "patient_informed", _("Patient informed")


# docs/clinical-rules.md#fls-models-a-to-d: A: FLS initiates; B: FLS assesses, primary care initiates;
# C: refer to primary care without assessment or treatment; D: only inform the patient.
INITIATOR_FOR_FLS_MODEL = {
    "A": Initiator.FLS,
    "B": Initiator.PRIMARY_CARE,
    "C": Initiator.PRIMARY_CARE_INFORMED,
    "D": Initiator.PATIENT_INFORMED,
}


class Route(models.TextChoices):
    ORAL = "oral", _("By mouth")
    IV = "iv", _("Intravenous infusion")
    SC = "sc", _("Subcutaneous injection")


class DoseInterval(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    SIX_MONTHLY = "six_monthly", _("Every 6 months")
    YEARLY = "yearly", _("Once a year")


class TreatmentStatus(models.TextChoices):
    PLANNED = "planned", _("Not started yet")
    STARTED = "started", _("Started")
    DECLINED = "declined", _("Declined by the patient")
    CONTRAINDICATED = "contraindicated", _("Contraindicated")


_RECOMMENDATION_LABELS = dict(Recommendation.choices)


class TreatmentDecision(models.Model):
    """The bone-protection recommendation for an episode. A nurse may draft it; only a clinician
    signs it off, which moves the episode to `treatment decided`."""

    episode = models.OneToOneField(FractureEpisode, on_delete=models.PROTECT, related_name="treatment_decision",
                                   verbose_name=_("episode"))
    # The episode's site, set from it when the decision is saved (an episode never changes site), so the
    # decisions awaiting sign-off at a site are read from an index (decision_awaiting_signoff). On PostgreSQL
    # the database holds it equal to the episode's (migration 0009).
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("site"))
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    recommendation_other = models.CharField(_("other treatment"), max_length=200, blank=True)
    calcium_vitamin_d = models.CharField(
        _("calcium and vitamin D"), max_length=20, choices=CalciumVitaminD.choices, default=CalciumVitaminD.START
    )
    initiated_by = models.CharField(_("who initiates"), max_length=30, choices=Initiator.choices)
    # The regimen (docs/clinical-rules.md#regimens): pre-filled from assessments.thresholds.REGIMENS for the drug,
    # changed by the clinician where the patient needs it; the course plan of later doses is built on it.
    # Database defaults too, so rows written in bulk (the benchmarks' generators, old exports) need not name them.
    dose = models.CharField(_("dose"), max_length=40, blank=True, default="", db_default="", help_text=_("For example 70 mg."))
    route = models.CharField(_("route"), max_length=10, blank=True, default="", db_default="", choices=Route.choices)
    interval = models.CharField(_("how often"), max_length=12, blank=True, default="", db_default="", choices=DoseInterval.choices)
    duration_months = models.PositiveSmallIntegerField(
        _("planned duration or review (months)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("The course's maximum (anabolic drugs) or when it is reviewed (bisphosphonates)."))
    # Reachable from a decision, so a template compares with them: decision.status == decision.Status.STARTED.
    Status = TreatmentStatus
    status = models.CharField(_("treatment status"), max_length=20, choices=TreatmentStatus.choices,
                              default=TreatmentStatus.PLANNED)
    started_on = models.DateField(_("date started"), null=True, blank=True, validators=[PlausibleDate()])
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the patient declined, or the contraindication."),
        max_length=SHORT_NOTE_MAX, validators=text_validators(SHORT_NOTE_MAX),
    )
    notes = models.TextField(_("notes for primary care"), blank=True, max_length=LONG_NOTE_MAX,
                             validators=text_validators(LONG_NOTE_MAX))
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("drafted by"))
    drafted_at = models.DateTimeField(_("drafted at"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version", "site"])


    class Meta:
        ordering = ["drafted_at", "id"]
        indexes = [
            models.Index(fields=["signed_off_at", "drafted_at"]),
            # The sign-off queue and the clinician worklist, oldest first, for one site.
            models.Index(fields=["site", "drafted_at", "id"], condition=Q(signed_off_at__isnull=True),
                         name="decision_awaiting_signoff"),
        ]
        permissions = [("sign_off_treatment", _("Can sign off a treatment decision"))]
        verbose_name = _("treatment decision")
        verbose_name_plural = _("treatment decisions")

    def __str__(self):
        return _("%(treatment)s for %(episode)s") % {"treatment": self.recommendation_label, "episode": self.episode}

    @property
    def recommendation_label(self) -> str:
        return self.label_of(self.recommendation, self.recommendation_other)

    @staticmethod
    def label_of(recommendation: str, recommendation_other: str) -> str:
        """How a recommendation is written on every page (static too, for lists read as raw columns)."""
        return _label_or_other(_RECOMMENDATION_LABELS, recommendation, Recommendation.OTHER, recommendation_other)

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def save(self, *args, **kwargs):
        if self.site_id is None:
            self.site_id = self.episode.site_id
        super().save(*args, **kwargs)

    @property
    def recommends_drug(self) -> bool:
        return self.recommendation != Recommendation.NONE


class LetterMethod(models.TextChoices):
    POST = "post", pgettext_lazy("letter sent by", "Post")
    EMAIL = "email", _("Secure email")
    ELECTRONIC = "electronic", _("Electronic document transfer")
    HANDED = "handed", _("Given to the patient")


class LetterKind(models.TextChoices):
    GP = "gp", _("Letter to primary care")
    PATIENT = "patient", _("Letter to the patient")


class LetterSent(models.Model):
    """A letter (to primary care, or to the patient) that was sent, with the letter as sent (kept, never deleted)."""

    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="letters_sent",
                                verbose_name=_("episode"))
    Kind = LetterKind
    kind = models.CharField(_("letter"), max_length=10, choices=LetterKind.choices, default=LetterKind.GP,
                            db_default=LetterKind.GP)
    sent_on = models.DateField(_("sent on"), validators=[PlausibleDate()])
    method = models.CharField(_("method"), max_length=20, choices=LetterMethod.choices, default=LetterMethod.POST)
    recipient = models.CharField(_("recipient"), max_length=300, help_text=_("The practice (and clinician) it went to."))
    content_html = models.TextField(_("content html"), help_text=_("The letter exactly as generated when it was sent."))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("sent by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("letter sent")
        verbose_name_plural = _("letters sent")

    def __str__(self):
        return _("%(letter)s to %(recipient)s on %(day)s") % {
            "letter": self.get_kind_display(), "recipient": self.recipient, "day": format_date(self.sent_on)}


class WarningAcknowledgement(models.Model):
    """A warning (or very-high-risk flag) a clinician acknowledged, with a reason, to sign a decision off: what was
    shown, why they went ahead, who and when. Kept, never changed."""

    decision = models.ForeignKey(TreatmentDecision, on_delete=models.PROTECT, related_name="acknowledgements",
                                 verbose_name=_("treatment decision"))
    code = models.CharField(_("code"), max_length=40)  # assessments.decision_support's code
    shown = models.TextField(_("shown"), help_text=_("The warning as the clinician saw it."), max_length=LONG_NOTE_MAX,
                             validators=text_validators(LONG_NOTE_MAX))
    reason = models.TextField(_("reason"), max_length=SHORT_NOTE_MAX, validators=text_validators(SHORT_NOTE_MAX))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=pgettext_lazy("acknowledged", "by"))
    at = models.DateTimeField(pgettext_lazy("acknowledged", "at"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("warning acknowledgement")
        verbose_name_plural = _("warning acknowledgements")
        constraints = [models.UniqueConstraint(fields=["decision", "code"], name="one_acknowledgement_per_warning")]

    def __str__(self):
        return _("%(code)s acknowledged") % {"code": self.code}


class VertebralFracture(models.Model):
    """A vertebral fracture found on a VFA or spine imaging, other than the index fracture (that is the episode's
    own). Its count and the date of the most recent feed the very-high-risk indicators."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="vertebral_fractures",
                                   verbose_name=_("assessment"))
    found_by = models.CharField(_("found by"), max_length=20, choices=[
        (SpineImaging.VFA, SpineImaging.VFA.label), (SpineImaging.IMAGING, SpineImaging.IMAGING.label)])
    seen_on = models.DateField(_("imaging date"), validators=[PlausibleDate()])
    level = models.CharField(_("level"), max_length=3, blank=True, choices=VertebralLevel.choices)
    grade = models.CharField(_("grade"), max_length=1, blank=True, choices=GenantGrade.choices)
    age = models.CharField(_("how old"), max_length=10, choices=FractureAge.choices, default=FractureAge.UNKNOWN,
                           help_text=_("A new or recent fracture is dated by the imaging."))
    entered_in_error = models.BooleanField(_("entered in error"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["seen_on", "id"]
        verbose_name = _("vertebral fracture")
        verbose_name_plural = _("vertebral fractures")

    def __str__(self):
        if self.level:
            return _("%(level)s fracture seen on %(day)s") % {"level": self.get_level_display(),
                                                             "day": self.seen_on.isoformat()}
        return _("Vertebral fracture seen on %(day)s") % {"day": self.seen_on.isoformat()}

    @property
    def label(self) -> str:
        where = self.get_level_display() or str(_("level not recorded"))
        return str(_("Vertebral fracture (%(where)s)")) % {"where": where}

    @property
    def dated(self):
        """The date the rules read: the imaging date of a new fracture; an old one's date is not known."""
        return self.seen_on if self.age == FractureAge.NEW else None


class DecisionSupportSettings(models.Model):
    """One site's decision-support settings: the numbers the sources do not fix (docs/clinical-rules.md,
    marked unverified there and on every page that uses them)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="decision_support_settings",
                                verbose_name=_("site"))
    adjusted_calcium_low = models.DecimalField(
        _("low adjusted calcium (mmol/L)"), max_digits=4, decimal_places=2, default=Decimal("2.20"),
        validators=[MinValueValidator(Decimal("1.50")), MaxValueValidator(Decimal("2.60"))],
        help_text=_("Unverified: the usual laboratory lower limit, not a cited number. Below it, hypocalcaemia is "
                    "corrected before a bisphosphonate, denosumab or romosozumab."))
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("decision-support settings")
        verbose_name_plural = _("decision-support settings")

    def __str__(self):
        return _("Decision support settings for %(site)s") % {"site": self.site}


class FraxInterventionThreshold(models.Model):
    """A row of the NOGG FRAX intervention thresholds by age (docs/clinical-rules.md#nogg-frax-thresholds-by-age),
    deployment-wide. Shipped unverified (assessments.thresholds.FRAX_INTERVENTION_THRESHOLDS); an administrator
    replaces the rows with NOGG's own and marks them verified, with the source."""

    from_age = models.PositiveSmallIntegerField(_("from age"), unique=True,
                                                validators=[MinValueValidator(40), MaxValueValidator(90)])
    mof_percent = models.DecimalField(_("major osteoporotic fracture (%)"), max_digits=4, decimal_places=1,
                                      validators=[MinValueValidator(0), MaxValueValidator(100)])
    hip_percent = models.DecimalField(_("hip fracture (%)"), max_digits=4, decimal_places=1,
                                      validators=[MinValueValidator(0), MaxValueValidator(100)])
    verified = models.BooleanField(_("verified against NOGG"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_age"]
        verbose_name = _("FRAX intervention threshold")
        verbose_name_plural = _("FRAX intervention thresholds")

    def __str__(self):
        return _("From age %(age)s: MOF %(mof)s%%, hip %(hip)s%%") % {
            "age": self.from_age, "mof": self.mof_percent, "hip": self.hip_percent}
