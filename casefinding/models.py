"""Radiology reports screened for fragility fractures, and the nurses' decisions on them.

A report is stored once per (site, accession): the database's unique constraint decides, so two
feeds delivering the same report at once still screen it once. Reports are never deleted.
"""
from django.conf import settings
from django.db import models

from fls.dates import PlausibleDate
from fls.models import Site
from fls.text import REPORT_TEXT_MAX, SHORT_NOTE_MAX, text_validators
from patients.models import FractureSite, Sex, Side


class ReportBatch(models.Model):
    """One delivery of reports: an uploaded or command-line file, or one MLLP message."""

    class Source(models.TextChoices):
        CSV = "csv", "CSV file"
        HL7_FILE = "hl7_file", "HL7 file"
        MLLP = "mllp", "HL7 feed (MLLP)"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="report_batches")
    source = models.CharField(max_length=10, choices=Source.choices)
    filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reports = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    already_seen = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [{"row": 3, "column": "exam_date", "message": "…"}]; row 1 is the CSV header, or the message number.
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_source_display()} {self.filename} ({self.reports} reports)"


class Certainty(models.TextChoices):
    AFFIRMED = "affirmed", "Fracture reported"
    UNCERTAIN = "uncertain", "Possible fracture"


class RadiologyReport(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="radiology_reports")
    batch = models.ForeignKey(ReportBatch, on_delete=models.PROTECT, related_name="report_rows")
    accession = models.CharField(max_length=64)
    local_id = models.CharField("hospital number", max_length=30)
    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(validators=[PlausibleDate("birth")])
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    exam_date = models.DateField(validators=[PlausibleDate()])
    modality = models.CharField(max_length=40, blank=True)
    body_part = models.CharField(max_length=100, blank=True)
    report_text = models.TextField(max_length=REPORT_TEXT_MAX, validators=text_validators(REPORT_TEXT_MAX))
    # What the screen decided (casefinding/screening.py).
    is_candidate = models.BooleanField(default=False)
    fracture_site = models.CharField(max_length=20, choices=FractureSite.choices, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    certainty = models.CharField(max_length=10, choices=Certainty.choices, blank=True)
    evidence = models.TextField(blank=True)
    highlights = models.JSONField(default=list, blank=True)  # [[start, end], …] within `evidence`
    screen_reason = models.CharField(max_length=200, blank=True, help_text="Why it is not a candidate.")
    screened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exam_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "accession"], name="one_report_per_accession_per_site"),
        ]
        indexes = [models.Index(fields=["site", "is_candidate", "exam_date"])]
        permissions = [
            ("upload_reports", "Can upload radiology reports for screening"),
            ("review_candidates", "Can confirm or dismiss case-finding candidates"),
        ]

    def __str__(self):
        return f"Report {self.pk} ({'candidate' if self.is_candidate else 'not a candidate'})"

    @property
    def age_at_exam(self) -> int:
        dob, day = self.date_of_birth, self.exam_date
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class DismissReason(models.TextChoices):
    NOT_A_FRACTURE = "not_fracture", "No fracture (the screen misread the report)"
    OLD_FRACTURE = "old", "Old or healed fracture"
    ALREADY_KNOWN = "known", "Already known to the service"
    NOT_FRAGILITY = "high_energy", "Not a fragility fracture (high-energy mechanism)"
    PATHOLOGICAL = "pathological", "Pathological fracture"
    EXCLUDED_SITE = "excluded_site", "Site not followed (finger, toe, skull, face)"
    UNDER_50 = "under_50", "Under 50 at the fracture"
    OUT_OF_AREA = "out_of_area", "Not our patient (out of area, transferred)"
    OTHER = "other", "Other (say why)"


class CandidateDecision(models.Model):
    """A nurse's decision on a candidate: who, when, and why. One per report (the constraint
    settles two nurses deciding at once)."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    report = models.OneToOneField(RadiologyReport, on_delete=models.PROTECT, related_name="decision")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.CharField(max_length=20, choices=DismissReason.choices, blank=True)
    note = models.TextField(blank=True, max_length=SHORT_NOTE_MAX, validators=text_validators(SHORT_NOTE_MAX))
    episode = models.ForeignKey(
        "patients.FractureEpisode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_decision_display()} report {self.report_id}"


class LexiconTerm(models.Model):
    """A word a site adds to the screen's lexicon (casefinding/lexicon/base.yaml), for one site or all."""

    from .lexicon import CATEGORY_PATHS as _CATEGORIES

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Leave empty to add the term for every site.",
    )
    category = models.CharField(max_length=40, choices=[(c, c.replace("_", " ")) for c in _CATEGORIES])
    phrase = models.CharField(max_length=100, help_text="Matched on whole words, whatever the case.")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [models.UniqueConstraint(fields=["site", "category", "phrase"], name="one_term_per_category")]

    def __str__(self):
        return f"{self.category}: {self.phrase}"


