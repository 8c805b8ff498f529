"""Identify: patients and their fracture episodes, and the pathway events that move an episode.

An episode's `state` is changed only by patients/pathway.py, which records an EpisodeEvent for
each move. Clinical records keep their full history (django-simple-history) and are never deleted.
"""
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from fls.dates import PlausibleDate, format_date
from fls.models import Site
from fls.text import LONG_NOTE_MAX, SHORT_NOTE_MAX, is_japanese_script, text_validators

from . import kana


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Residence(models.TextChoices):
    OWN_HOME = "own_home", _("Own home")
    CARE_HOME = "care_home", _("Care home")
    OTHER = "other", _("Other")


def _validate_pattern(value):
    try:
        re.compile(value)
    except re.error as exc:
        raise ValidationError(_("This is not a regular expression: %(error)s.") % {"error": exc}) from None


class IdentifierScheme(models.Model):
    """A national patient number and its rules, as data (docs/clinical-rules.md#identifiers): a site's scheme
    (Site.identifier_scheme) decides whether its patients' national number is asked, what it is called and how it
    is checked (patients.identifiers.clean_national_number). Seeded by migration 0012 (patients.identifier_schemes);
    an administrator adds or edits one in the admin."""

    class CheckDigit(models.TextChoices):
        NONE = "none", _("None")
        MOD11_NHS = "mod11_nhs", _("Modulus 11, as the NHS number")
        LUHN = "luhn", _("Luhn (modulus 10)")
        MOD11_NHS_OR_LUHN = "mod11_nhs_or_luhn", _("Modulus 11 as the NHS number, or Luhn (CHI numbers)")

    class Normalisation(models.TextChoices):
        STRIP = "strip", _("Spaces and hyphens removed")
        STRIP_UPPER = "strip_upper", _("Spaces and hyphens removed, letters in capitals")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What staff call it, for example NHS number. Shown translated when the "
                                        "catalogue has it."))
    pattern = models.CharField(_("pattern"), max_length=200, validators=[_validate_pattern],
                               help_text=_("A regular expression the whole number must match once normalised, "
                                           "for example \\d{10}."))
    check_digit = models.CharField(_("check digit"), max_length=20, choices=CheckDigit.choices,
                                   default=CheckDigit.NONE)
    birth_date_prefix = models.BooleanField(
        _("starts with the date of birth"), default=False,
        help_text=_("The first six digits are the date of birth as DDMMYY (CHI numbers)."))
    normalisation = models.CharField(_("normalisation"), max_length=20, choices=Normalisation.choices,
                                     default=Normalisation.STRIP)
    display_grouping = models.CharField(
        _("display grouping"), max_length=20, blank=True,
        validators=[RegexValidator(r"^\d{1,2}(-\d{1,2}){0,5}$", _("Write the group sizes like 3-3-4."))],
        help_text=_("How the number is shown, for example 3-3-4 for 943 476 5919. Blank: as stored."))
    example = models.CharField(_("example"), max_length=40, blank=True)
    help_text = models.CharField(_("help text"), max_length=200, blank=True,
                                 help_text=_("Shown under the field on the patient form."))
    source = models.CharField(_("source"), max_length=500, help_text=_("Where the rule comes from (a citation)."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("identifier scheme")
        verbose_name_plural = _("identifier schemes")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: the catalogue's translation of a shipped scheme's name."""
        return gettext(self.name)

    @property
    def help_label(self) -> str:
        return gettext(self.help_text) if self.help_text else ""

    def clean(self):
        """The example must pass the scheme's own rules (a check that the rules say what was meant)."""
        from .identifiers import clean_national_number

        try:
            re.compile(self.pattern or "")
        except re.error:
            return  # the pattern's own error is shown beside it
        if self.example:
            try:
                clean_national_number(self.example, self)
            except ValidationError as exc:
                raise ValidationError({"example": exc.messages}) from None

    def display(self, value: str) -> str:
        from .identifiers import format_national_number

        return format_national_number(value, self.display_grouping)


class Patient(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="patients", verbose_name=_("site"))
    local_id = models.CharField(_("hospital number"), max_length=30, help_text=_("The site's local hospital number."))
    national_id = models.CharField(
        _("national number"), max_length=20, blank=True,
        help_text=_("The number of the site's identifier scheme (an NHS number in England and Wales); none where "
                    "the site has no scheme."),
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    # The names' readings in kana (フリガナ), as Japanese records keep them: full-width katakana (patients.kana).
    # Asked for at sites in Japan; searched like the names, in any kana form.
    # db_default: rows written by raw SQL (the bulk import, the benchmarks' generators) need not name them.
    family_name_kana = models.CharField(_("family name (kana)"), max_length=100, blank=True, default="", db_default="")
    given_name_kana = models.CharField(_("given name (kana)"), max_length=100, blank=True, default="", db_default="")
    date_of_birth = models.DateField(_("date of birth"))  # over 120 is refused by clean()
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    gp_practice_name = models.CharField(_("GP practice"), max_length=200, blank=True)
    gp_practice_code = models.CharField(_("GP practice code"), max_length=20, blank=True)
    gp_practice_contact = models.CharField(_("GP practice contact"), max_length=200, blank=True)
    residence = models.CharField(_("residence"), max_length=20, choices=Residence.choices, default=Residence.OWN_HOME)
    date_of_death = models.DateField(_("date of death"), null=True, blank=True, validators=[PlausibleDate()])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    # Optimistic locking: an edit form carries the version it was built from (style.md, "No lost update").
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "local_id"], name="one_hospital_number_per_site"),
        ]
        indexes = [
            models.Index(fields=["site", "family_name", "given_name"]),
            models.Index(fields=["site", "date_of_birth"]),
            models.Index(fields=["site", "national_id"]),
        ]
        permissions = [("import_patients", _("Can import identified fractures from a file"))]

    def __str__(self):
        return self.display_name(self.family_name, self.given_name)

    @staticmethod
    def display_name(family_name: str, given_name: str) -> str:
        """How a patient is named on every page: SURNAME, Given; in Japanese, and for a name written in
        Japanese script, family name first without a comma (山田 太郎)."""
        if (get_language() or "").startswith("ja") or is_japanese_script(family_name):
            return f"{family_name} {given_name}".strip()
        return f"{family_name.upper()}, {given_name}"

    @property
    def national_number_label(self) -> str:
        """What the patient's national number is called at their site (NHS number, CHI number...); "" if none."""
        scheme = self.site.identifier_scheme if self.national_id else None
        return scheme.label if scheme else (gettext("National number") if self.national_id else "")

    @property
    def national_number_display(self) -> str:
        """The national number as people read it (943 476 5919), or "". The site's scheme is read only when there
        is a number."""
        scheme = self.site.identifier_scheme if self.national_id else None
        return scheme.display(self.national_id) if scheme else self.national_id

    @property
    def name_reading(self) -> str:
        """The name's kana reading in the name's order (ヤマダ タロウ), or ""."""
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    def clean(self):
        from .identifiers import clean_national_number, clean_postcode, normalise_hospital_number

        errors = {}
        country = self.site.country if self.site_id else "XX"
        try:
            self.postcode = clean_postcode(self.postcode, country)
        except ValidationError as exc:
            errors["postcode"] = exc.messages
        if (self.national_id or "").strip():  # the site's scheme is read only when there is a number to check
            try:
                self.national_id = clean_national_number(
                    self.national_id, self.site.identifier_scheme if self.site_id else None)
            except ValidationError as exc:
                errors["national_id"] = exc.messages
        else:
            self.national_id = ""
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = [_("The date of birth cannot be in the future.")]
        elif self.date_of_birth and self.age_on(today) > 120:
            errors["date_of_birth"] = [_("Check the date of birth: that would make the patient over 120.")]
        if self.date_of_death:
            if self.date_of_death > today:
                errors["date_of_death"] = [_("The date of death cannot be in the future.")]
            elif self.date_of_birth and self.date_of_death < self.date_of_birth:
                errors["date_of_death"] = [_("The date of death is before the date of birth.")]
        self.local_id = normalise_hospital_number(self.local_id)
        for field in ("family_name", "given_name"):
            setattr(self, field, " ".join((getattr(self, field) or "").split()))
        for field in ("family_name_kana", "given_name_kana"):
            reading = kana.normalise(getattr(self, field))
            setattr(self, field, reading)
            if reading and not kana.is_reading(reading):
                errors[field] = [_("Write the reading in kana (katakana or hiragana), for example ヤマダ.")]
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        """The name as said aloud: Given Family; family name first in Japanese script."""
        if is_japanese_script(self.family_name):
            return f"{self.family_name} {self.given_name}"
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class FractureSite(models.TextChoices):
    HIP = "hip", _("Hip")
    VERTEBRA = "vertebra", _("Vertebra (spine)")
    WRIST = "wrist", _("Wrist / distal radius")
    HUMERUS = "humerus", _("Proximal humerus")
    PELVIS = "pelvis", _("Pelvis")
    ANKLE = "ankle", _("Ankle")
    OTHER = "other", _("Other")


class Side(models.TextChoices):
    LEFT = "left", pgettext_lazy("side of the body", "Left")
    RIGHT = "right", pgettext_lazy("side of the body", "Right")
    BILATERAL = "bilateral", pgettext_lazy("side of the body", "Bilateral")
    NOT_APPLICABLE = "na", pgettext_lazy("side of the body", "Not applicable (midline)")
    UNKNOWN = "unknown", _("Not known")


class Mechanism(models.TextChoices):
    # docs/clinical-rules.md#fragility-fracture: a fall from standing height or less.
    LOW_TRAUMA = "low", _("Low trauma (fall from standing height or less)")
    HIGH_TRAUMA = "high", _("High trauma")
    UNKNOWN = "unknown", _("Not known")


class Source(models.TextChoices):
    ED = "ed", _("Emergency department")
    WARD = "ward", _("Inpatient ward")
    FRACTURE_CLINIC = "fracture_clinic", _("Fracture clinic")
    RADIOLOGY = "radiology", _("Radiology report")
    PRIMARY_CARE = "primary_care", _("Primary care")
    OTHER = "other", _("Other")


class EpisodeState(models.TextChoices):
    # A fracture episode's stage on the pathway (a state name, not a verb).
    IDENTIFIED = "identified", pgettext_lazy("episode state", "Identified")
    AWAITING_ASSESSMENT = "awaiting_assessment", pgettext_lazy("episode state", "Awaiting assessment")
    ASSESSED = "assessed", pgettext_lazy("episode state", "Assessed")
    TREATMENT_DECIDED = "treatment_decided", pgettext_lazy("episode state", "Treatment decided")
    IN_FOLLOW_UP = "in_follow_up", pgettext_lazy("episode state", "In follow-up")
    COMPLETED = "completed", pgettext_lazy("episode state", "Completed")
    EXCLUDED = "excluded", pgettext_lazy("episode state", "Excluded")
    DECLINED = "declined", pgettext_lazy("episode state", "Declined")
    TRANSFERRED = "transferred", pgettext_lazy("episode state", "Transferred")
    DIED = "died", pgettext_lazy("episode state", "Died")
    LOST_TO_FOLLOW_UP = "lost_to_follow_up", pgettext_lazy("episode state", "Lost to follow-up")


ACTIVE_STATES = frozenset({
    EpisodeState.IDENTIFIED, EpisodeState.AWAITING_ASSESSMENT, EpisodeState.ASSESSED,
    EpisodeState.TREATMENT_DECIDED, EpisodeState.IN_FOLLOW_UP,
})
# The states an episode can be in while it is on a nurse's worklist tab (worklists.selectors), in pathway order.
WORKLIST_STATES = (
    EpisodeState.IDENTIFIED, EpisodeState.AWAITING_ASSESSMENT, EpisodeState.ASSESSED,
    EpisodeState.TREATMENT_DECIDED, EpisodeState.IN_FOLLOW_UP, EpisodeState.LOST_TO_FOLLOW_UP,
)


class FractureEpisode(models.Model):
    """One index fracture and its journey through the FLS pathway."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="episodes", verbose_name=_("patient"))
    # Denormalised from the patient so every worklist filters on one indexed column.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="episodes", verbose_name=_("site"))
    fracture_date = models.DateField(_("fracture date"), validators=[PlausibleDate()])
    fracture_site = models.CharField(_("fracture site"), max_length=20, choices=FractureSite.choices)
    side = models.CharField(pgettext_lazy("side of the body", "side"), max_length=10, choices=Side.choices,
                            default=Side.UNKNOWN)
    mechanism = models.CharField(_("mechanism"), max_length=10, choices=Mechanism.choices)
    identified_on = models.DateField(_("identified on"), validators=[PlausibleDate()])
    source = models.CharField(pgettext_lazy("where a fracture was found", "source"), max_length=20,
                              choices=Source.choices)
    # Copied with the patient onto each follow-up by a trigger on this table (followup migration 0006). On
    # SQLite, a migration that rebuilds this table (most column changes) drops it: re-create it there.
    assigned_nurse = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_episodes",
        verbose_name=_("assigned nurse"),
    )
    previous_fracture_count = models.PositiveSmallIntegerField(
        _("previous fractures since 50"), default=0, help_text=_("Fragility fractures before this one, since age 50.")
    )
    # The episode table's limits are validators only: a max_length would make SQLite rebuild the table, which
    # drops followup's trigger on it (README, "Worklist tabs"). FractureEpisodeForm sets the HTML maxlength.
    previous_fractures_note = models.TextField(_("previous fractures (details)"), blank=True,
                                               validators=text_validators(SHORT_NOTE_MAX))
    refracture_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="refractures",
        verbose_name=_("refracture of"),
        help_text=_("The patient's earlier episode, when this fracture is a refracture."),
    )
    # The states, reachable from an episode, so a template compares with them: ep.state == ep.State.ASSESSED.
    State = EpisodeState
    state = models.CharField(_("state"), max_length=30, choices=EpisodeState.choices, default=EpisodeState.IDENTIFIED)
    state_changed_at = models.DateTimeField(_("state changed at"), auto_now_add=True)
    excluded_reason = models.TextField(_("excluded reason"), blank=True, validators=text_validators(LONG_NOTE_MAX))
    eligibility_override_reason = models.TextField(_("eligibility override reason"), blank=True,
                                                   validators=text_validators(LONG_NOTE_MAX))
    eligibility_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("eligibility overridden by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("fracture episode")
        verbose_name_plural = _("fracture episodes")
        ordering = ["-identified_on", "-id"]
        indexes = [
            models.Index(fields=["site", "state", "identified_on"]),
            models.Index(fields=["site", "fracture_date"]),
            models.Index(fields=["assigned_nurse", "state"]),
        ]
        constraints = [
            # What the records that copy the episode's site (a follow-up's, a treatment decision's) reference
            # together with the episode, so on PostgreSQL the database refuses a copy that differs and an
            # episode's site that would change under its copies (followup 0012, assessments 0009).
            models.UniqueConstraint(fields=["id", "site"], name="episode_with_its_site"),
        ]
        permissions = [("override_eligibility", _("Can override an eligibility exclusion"))]

    def __str__(self):
        return _("%(site)s fracture on %(date)s") % {
            # In the reader's language: 6 Nov 2026; 2026年11月6日.
            "site": self.get_fracture_site_display(), "date": format_date(self.fracture_date),
        }

    def clean(self):
        errors = {}
        today = timezone.localdate()
        # The patient may be unsaved yet (new patient and fracture entered on one form).
        patient = self.patient if (self.patient_id or FractureEpisode.patient.is_cached(self)) else None
        if self.fracture_date:
            if self.fracture_date > today:
                errors["fracture_date"] = [_("The fracture date cannot be in the future.")]
            elif patient and patient.date_of_birth and self.fracture_date < patient.date_of_birth:
                errors["fracture_date"] = [_("The fracture date is before the patient's date of birth.")]
        if self.identified_on:
            if self.identified_on > today:
                errors["identified_on"] = [_("The identification date cannot be in the future.")]
            elif self.fracture_date and self.identified_on < self.fracture_date:
                errors["identified_on"] = [_("A fracture cannot be identified before the date it happened.")]
        if self.patient_id and self.site_id and self.patient.site_id != self.site_id:
            errors["site"] = [_("An episode belongs to the patient's own site.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_refracture(self) -> bool:
        return self.refracture_of_id is not None

    @property
    def age_at_fracture(self) -> int:
        return self.patient.age_on(self.fracture_date)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class EpisodeEvent(models.Model):
    """One move along the pathway: who, when, from, to, and why. Written only by pathway.py."""

    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="events",
                                verbose_name=_("episode"))
    transition = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=30, choices=EpisodeState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=30, choices=EpisodeState.choices)
    # The person's note (at most SHORT_NOTE_MAX, the forms' limit) with the summary a move adds to it.
    note = models.TextField(_("note"), blank=True, max_length=LONG_NOTE_MAX, validators=text_validators(LONG_NOTE_MAX))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                           verbose_name=pgettext_lazy("who made a pathway move", "by"))
    at = models.DateTimeField(pgettext_lazy("when a pathway move was made", "at"))

    class Meta:
        verbose_name = _("episode event")
        verbose_name_plural = _("episode events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["episode", "at"])]

    def __str__(self):
        return f"{self.transition}: {self.from_state or '—'} → {self.to_state}"


class RecordAccessKind(models.TextChoices):
    """How someone met a patient's record, in the words a privacy officer's report uses."""

    VIEWED = "view", _("Viewed")
    EXPORTED = "export", _("Exported")
    LETTER = "letter", _("Letter opened")
    PRINTED = "print", _("Printed or downloaded")


# What each stored `PatientRecordAccess.page` shows its reader: the record keeps the page's English code as it was
# written (the access report's CSV and older rows too); a reader sees it in their own language. A page not named
# here is shown as stored.
RECORD_ACCESS_PAGES = {
    "patient": _("Patient"),
    "patient edit": _("Patient (edit)"),
    "possible duplicate": _("Possible duplicate"),
    "new fracture": _("New fracture"),
    "episode": _("Fracture episode"),
    "fracture edit": _("Fracture (edit)"),
    "assessment": _("Assessment"),
    "vertebral fracture": _("Vertebral fracture"),
    "blood result": _("Blood result"),
    "treatment decision": _("Treatment decision"),
    "sign-off": _("Sign-off"),
    "letter": _("Letter to primary care"),
    "letter PDF": _("Letter to primary care (PDF)"),
    "patient letter": _("Letter to the patient"),
    "patient letter PDF": _("Letter to the patient (PDF)"),
    "letter as sent": _("Letter as sent"),
    "letter as sent PDF": _("Letter as sent (PDF)"),
    "follow-up": _("Follow-up"),
    "reminder letter": _("Reminder letter"),
    "reminder letter PDF": _("Reminder letter (PDF)"),
    "dose": _("Record a dose"),
    "dose reminder letter": _("Dose reminder letter"),
    "dose reminder letter PDF": _("Dose reminder letter (PDF)"),
    "course review": _("Treatment review"),
    "course stop": _("Treatment stop"),
    "course follow-on": _("Follow-on treatment"),
    "admission": _("Admission"),
    "fracture time": _("Time of fracture"),
    "claims list": _("Claims list"),
    "claims CSV": _("Claims list (CSV)"),
    "KPI drill-down": _("KPI drill-down"),
    "audit dataset": _("Audit dataset"),
    "access report": _("Access report"),
    "rejected import rows": _("Rejected import rows"),
}


class PatientRecordAccess(models.Model):
    """Each time someone sees a patient's record (who, when, where, how), for privacy audit. Written by the app only
    (patients.services), never changed or deleted; the managers' access report (audit app) reads it."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="record_accesses",
                                verbose_name=_("patient"))
    # The patient's own site, copied so the report of a site's accesses is read from one index (site, time).
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)
    kind = models.CharField(pgettext_lazy("kind of record access", "kind"), max_length=10,
                            choices=RecordAccessKind.choices, default=RecordAccessKind.VIEWED)
    page = models.CharField(_("page"), max_length=40,
                            help_text=_("Which page or export: patient, episode, letter, audit dataset…"))

    class Meta:
        ordering = ["-viewed_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-viewed_at"]),
            # The access report, newest first: one site's, one person's, or (a manager of several sites) all.
            models.Index(fields=["site", "-viewed_at", "-id"], name="record_access_site_time"),
            models.Index(fields=["user", "-viewed_at", "-id"], name="record_access_user_time"),
            models.Index(fields=["-viewed_at", "-id"], name="record_access_time"),
        ]
        verbose_name = _("patient record access")
        verbose_name_plural = _("patient record accesses")

    @property
    def page_label(self) -> str:
        """The page in the reader's language (RECORD_ACCESS_PAGES), else as stored."""
        return str(RECORD_ACCESS_PAGES.get(self.page, self.page))

    def __str__(self):
        return f"{self.get_kind_display()} ({self.page})"


class ImportBatch(models.Model):
    """One uploaded file of identified fractures, imported row by row (each row whole or not at all).

    The file's rows are stored in chunks (ImportChunk) as the upload is read, so neither the web
    process nor the worker ever holds the whole file. A worker imports one chunk per task and queues
    the next; the lease (token and expiry) says which task may work on the batch now, so a
    redelivered duplicate steps aside and a dead worker's batch is taken over once it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import status", "Waiting for the worker")
        RUNNING = "running", pgettext_lazy("import status", "Importing")
        DONE = "done", pgettext_lazy("import status", "Finished")
        FAILED = "failed", pgettext_lazy("import status", "Could not be read")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("site"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    filename = models.CharField(_("filename"), max_length=255)
    # The header row as in the file and its delimiter; the rows are in the batch's chunks.
    header = models.JSONField(_("header"), default=list, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, default=",")
    content_sha256 = models.CharField(_("content sha256"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows total"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    chunks_total = models.PositiveIntegerField(_("chunks total"), default=0)
    chunks_done = models.PositiveIntegerField(_("chunks done"), default=0)
    imported = models.PositiveIntegerField(pgettext_lazy("count of imported rows", "imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(pgettext_lazy("count of rejected rows", "rejected"), default=0)
    # [{"row": 3, "column": "date_of_birth", "message": "…"}], row 1 being the header.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    # The claim (patients.importing): the task holding this token may work on the batch until the expiry.
    lease_token = models.CharField(_("lease token"), max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    # When the batch was last handed to the queue or moved on; the sweep re-dispatches one idle too long.
    last_activity_at = models.DateTimeField(_("last activity at"), null=True, blank=True)
    # Set when the queue could not be reached to hand the batch over (cleared once a worker takes it).
    dispatch_failed_at = models.DateTimeField(_("dispatch failed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]
        indexes = [
            # The sweep's question: which unfinished batches have gone quiet (patients.importing.import_batches_sweep).
            models.Index(fields=["last_activity_at"], condition=models.Q(status__in=["queued", "running"]),
                         name="import_batch_unfinished"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class ImportChunk(models.Model):
    """A run of an import batch's rows, as read from the file: [[row number, [cells…]], …]."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("batch"))
    number = models.PositiveIntegerField(_("number"))
    rows = models.JSONField(_("rows"), default=list)

    class Meta:
        verbose_name = _("import chunk")
        verbose_name_plural = _("import chunks")
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="one_chunk_number_per_batch")]
