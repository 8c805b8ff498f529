"""Radiology reports screened for fragility fractures, and the nurses' decisions on them.

A report is stored once per (site, accession): the database's unique constraint decides, so two
feeds delivering the same report at once still screen it once. Reports are never deleted.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from fls.dates import PlausibleDate
from fls.models import Site
from fls.text import REPORT_TEXT_MAX, SHORT_NOTE_MAX, text_validators
from patients.models import FractureSite, Patient, Sex, Side


class ReportBatch(models.Model):
    """One delivery of reports: an uploaded or command-line file, or one MLLP message."""

    class Source(models.TextChoices):
        CSV = "csv", _("CSV file")
        HL7_FILE = "hl7_file", _("HL7 file")
        MLLP = "mllp", _("HL7 feed (MLLP)")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="report_batches", verbose_name=_("site"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("filename"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    reports = models.PositiveIntegerField(_("reports"), default=0)
    candidates = models.PositiveIntegerField(_("candidates"), default=0)
    already_seen = models.PositiveIntegerField(_("already seen"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # [{"row": 3, "column": "exam_date", "message": "…"}]; row 1 is the CSV header, or the message number.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report batch")
        verbose_name_plural = _("report batches")

    def __str__(self):
        # The English says "reports" whatever the number (as it always has); the plural form lets a language differ.
        return ngettext(
            "%(source)s %(filename)s (%(count)s reports)", "%(source)s %(filename)s (%(count)s reports)", self.reports,
        ) % {"source": self.get_source_display(), "filename": self.filename, "count": self.reports}


class Certainty(models.TextChoices):
    AFFIRMED = "affirmed", _("Fracture reported")
    UNCERTAIN = "uncertain", _("Possible fracture")


# Why the screen did not make a report a candidate (casefinding/screening.py, which needs no Django, stores
# these English phrases in RadiologyReport.screen_reason): what a person is shown for each.
SCREEN_REASONS = {
    "no fracture mentioned": _("no fracture mentioned"),
    "under 50 at the exam": _("under 50 at the exam"),
    "high-energy mechanism in the clinical details": _("high-energy mechanism in the clinical details"),
    "pathological fracture (tumour, metastasis or myeloma stated)":
        _("pathological fracture (tumour, metastasis or myeloma stated)"),
    "fracture negated": _("fracture negated"),
    "old or healed fracture": _("old or healed fracture"),
    "pathological fracture": _("pathological fracture"),
    "risk estimate": _("risk estimate"),
    "ruled out by the conclusion": _("ruled out by the conclusion"),
    "not a fracture": _("not a fracture"),
    "excluded site: finger": _("excluded site: finger"),
    "excluded site: toe": _("excluded site: toe"),
    "excluded site: skull": _("excluded site: skull"),
    "excluded site: face": _("excluded site: face"),
}


class RadiologyReport(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="radiology_reports", verbose_name=_("site"))
    batch = models.ForeignKey(ReportBatch, on_delete=models.PROTECT, related_name="report_rows",
                              verbose_name=_("batch"))
    accession = models.CharField(_("accession"), max_length=64)
    local_id = models.CharField(_("hospital number"), max_length=30)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), validators=[PlausibleDate("birth")])
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    exam_date = models.DateField(_("exam date"), validators=[PlausibleDate()])
    modality = models.CharField(_("modality"), max_length=40, blank=True)
    body_part = models.CharField(_("body part"), max_length=100, blank=True)
    report_text = models.TextField(_("report text"), max_length=REPORT_TEXT_MAX,
                                   validators=text_validators(REPORT_TEXT_MAX))
    # What the screen decided (casefinding/screening.py).
    is_candidate = models.BooleanField(_("is candidate"), default=False)
    fracture_site = models.CharField(_("fracture site"), max_length=20, choices=FractureSite.choices, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    certainty = models.CharField(_("certainty"), max_length=10, choices=Certainty.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    highlights = models.JSONField(_("highlights"), default=list, blank=True)  # [[start, end], …] within `evidence`
    screen_reason = models.CharField(_("screen reason"), max_length=200, blank=True,
                                     help_text=_("Why it is not a candidate."))
    screened_at = models.DateTimeField(_("screened at"), auto_now_add=True)

    class Meta:
        ordering = ["exam_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "accession"], name="one_report_per_accession_per_site"),
        ]
        indexes = [models.Index(fields=["site", "is_candidate", "exam_date"])]
        permissions = [
            ("upload_reports", _("Can upload radiology reports for screening")),
            ("review_candidates", _("Can confirm or dismiss case-finding candidates")),
        ]
        verbose_name = _("radiology report")
        verbose_name_plural = _("radiology reports")

    def __str__(self):
        if self.is_candidate:
            return _("Report %(id)s (candidate)") % {"id": self.pk}
        return _("Report %(id)s (not a candidate)") % {"id": self.pk}

    @property
    def screen_reason_label(self) -> str:
        """Why the screen did not suggest it, in the reader's language (the stored English when it is not known)."""
        return str(SCREEN_REASONS.get(self.screen_reason, self.screen_reason))

    @property
    def display_name(self) -> str:
        """The patient's name as every page writes it (patients.models.Patient.display_name: 山田 太郎 in Japanese)."""
        return Patient.display_name(self.family_name, self.given_name)

    @property
    def age_at_exam(self) -> int:
        dob, day = self.date_of_birth, self.exam_date
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class DismissReason(models.TextChoices):
    NOT_A_FRACTURE = "not_fracture", _("No fracture (the screen misread the report)")
    OLD_FRACTURE = "old", _("Old or healed fracture")
    ALREADY_KNOWN = "known", _("Already known to the service")
    NOT_FRAGILITY = "high_energy", _("Not a fragility fracture (high-energy mechanism)")
    PATHOLOGICAL = "pathological", _("Pathological fracture")
    EXCLUDED_SITE = "excluded_site", _("Site not followed (finger, toe, skull, face)")
    UNDER_50 = "under_50", _("Under 50 at the fracture")
    OUT_OF_AREA = "out_of_area", _("Not our patient (out of area, transferred)")
    OTHER = "other", _("Other (say why)")


class CandidateDecision(models.Model):
    """A nurse's decision on a candidate: who, when, and why. One per report (the constraint
    settles two nurses deciding at once)."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("candidate decision", "Confirmed")
        DISMISSED = "dismissed", pgettext_lazy("candidate decision", "Dismissed")

    report = models.OneToOneField(RadiologyReport, on_delete=models.PROTECT, related_name="decision",
                                  verbose_name=_("report"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DismissReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=SHORT_NOTE_MAX, validators=text_validators(SHORT_NOTE_MAX))
    episode = models.ForeignKey(
        "patients.FractureEpisode", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("episode"),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("candidate decision")
        verbose_name_plural = _("candidate decisions")

    def __str__(self):
        return _("%(decision)s report %(id)s") % {"decision": self.get_decision_display(), "id": self.report_id}


# The lexicon categories a LexiconTerm may extend (casefinding.lexicon.CATEGORY_PATHS), as the admin names them.
LEXICON_CATEGORY_LABELS = {
    "fracture": pgettext_lazy("lexicon category", "fracture"),
    "vertebral_deformity": pgettext_lazy("lexicon category", "vertebral deformity"),
    "vertebral_only": pgettext_lazy("lexicon category", "vertebral only"),
    "pseudo_fracture": pgettext_lazy("lexicon category", "pseudo fracture"),
    "pathological_context": pgettext_lazy("lexicon category", "pathological context"),
    "pathological": pgettext_lazy("lexicon category", "pathological"),
    "high_energy": pgettext_lazy("lexicon category", "high energy"),
    "body_site:hip": pgettext_lazy("lexicon category", "body site:hip"),
    "body_site:vertebra": pgettext_lazy("lexicon category", "body site:vertebra"),
    "body_site:wrist": pgettext_lazy("lexicon category", "body site:wrist"),
    "body_site:humerus": pgettext_lazy("lexicon category", "body site:humerus"),
    "body_site:pelvis": pgettext_lazy("lexicon category", "body site:pelvis"),
    "body_site:ankle": pgettext_lazy("lexicon category", "body site:ankle"),
    "body_site:other": pgettext_lazy("lexicon category", "body site:other"),
    "excluded_site:finger": pgettext_lazy("lexicon category", "excluded site:finger"),
    "excluded_site:toe": pgettext_lazy("lexicon category", "excluded site:toe"),
    "excluded_site:skull": pgettext_lazy("lexicon category", "excluded site:skull"),
    "excluded_site:face": pgettext_lazy("lexicon category", "excluded site:face"),
    "negated:forward": pgettext_lazy("lexicon category", "negated:forward"),
    "negated:backward": pgettext_lazy("lexicon category", "negated:backward"),
    "uncertain:forward": pgettext_lazy("lexicon category", "uncertain:forward"),
    "uncertain:backward": pgettext_lazy("lexicon category", "uncertain:backward"),
    "historical:forward": pgettext_lazy("lexicon category", "historical:forward"),
    "historical:backward": pgettext_lazy("lexicon category", "historical:backward"),
    "hypothetical:forward": pgettext_lazy("lexicon category", "hypothetical:forward"),
    "hypothetical:backward": pgettext_lazy("lexicon category", "hypothetical:backward"),
    "pseudo": pgettext_lazy("lexicon category", "pseudo"),
    "terminate": pgettext_lazy("lexicon category", "terminate"),
    "section:clinical_details": pgettext_lazy("lexicon category", "section:clinical details"),
    "section:findings": pgettext_lazy("lexicon category", "section:findings"),
    "section:conclusion": pgettext_lazy("lexicon category", "section:conclusion"),
    "section:other": pgettext_lazy("lexicon category", "section:other"),
}


class LexiconTerm(models.Model):
    """A word a site adds to the screen's lexicon (casefinding/lexicon/base.yaml), for one site or all."""

    from .lexicon import CATEGORY_PATHS as _CATEGORIES

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site"),
        help_text=_("Leave empty to add the term for every site."),
    )
    category = models.CharField(
        _("category"), max_length=40,
        choices=[(c, LEXICON_CATEGORY_LABELS.get(c, c.replace("_", " "))) for c in _CATEGORIES],
    )
    phrase = models.CharField(_("phrase"), max_length=100, help_text=_("Matched on whole words, whatever the case."))
    is_active = models.BooleanField(_("is active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [models.UniqueConstraint(fields=["site", "category", "phrase"], name="one_term_per_category")]
        verbose_name = _("lexicon term")
        verbose_name_plural = _("lexicon terms")

    def __str__(self):
        return f"{self.category}: {self.phrase}"


