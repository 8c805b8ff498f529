"""Japan's FLS management fee (B001-34 二次性骨折予防継続管理料): what a claim needs, recorded per hip-fracture
episode, and the rules as data.

docs/clinical-rules.md#levels-of-the-fls-management-fee. The fee schedule is a table (FeeSchedule, one row per
schedule, seeded with the 2024 values and marked unverified), edited in the admin; the rules that read it are pure
(claims.fee_rules). An episode's admissions (Admission) and the time of its fracture (FractureTime) are clinical
records: versioned, with history, written through claims.services. Each site's facility standard
(FacilityStandard, docs/clinical-rules.md#facility-standard-for-the-fls-management-fee) is edited by its managers
and administrators on the checklist page.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fls.dates import PlausibleDate
from fls.models import Site
from patients.models import FractureEpisode


class WardType(models.TextChoices):
    ACUTE = "acute", _("Acute ward")
    REHABILITATION = "rehabilitation", _("Convalescent rehabilitation ward")
    COMMUNITY_CARE = "community_care", _("Community-care ward")


# Level 2's wards: a patient transferred after level 1 was claimed at the acute hospital.
POST_ACUTE_WARDS = (WardType.REHABILITATION, WardType.COMMUNITY_CARE)


class FeeSchedule(models.Model):
    """One fee schedule's numbers for B001-34, in force from `effective_from` until the next row's. Data, not
    code: docs/clinical-rules.md#levels-of-the-fls-management-fee. Unverified until an administrator checks it
    against the current schedule and ticks `verified`; the pages mark its numbers until then."""

    name = models.CharField(_("name"), max_length=100, help_text=_("For example: 2024 fee schedule."))
    effective_from = models.DateField(_("in force from"), unique=True, validators=[PlausibleDate()])
    level_1_points = models.PositiveIntegerField(_("level 1 points"), validators=[MaxValueValidator(100_000)])
    level_2_points = models.PositiveIntegerField(_("level 2 points"), validators=[MaxValueValidator(100_000)])
    level_3_points = models.PositiveIntegerField(_("level 3 points"), validators=[MaxValueValidator(100_000)])
    # docs/clinical-rules.md#level-3-for-12-months
    level_3_months = models.PositiveSmallIntegerField(
        _("level 3: months from the first claim"), validators=[MinValueValidator(1), MaxValueValidator(60)])
    # docs/clinical-rules.md#emergency-fixation-add-on
    addon_min_age = models.PositiveSmallIntegerField(
        _("add-on: minimum age at the fracture"), validators=[MinValueValidator(50), MaxValueValidator(120)])
    addon_within_hours = models.PositiveSmallIntegerField(
        _("add-on: surgery within (hours of the fracture)"), validators=[MinValueValidator(1), MaxValueValidator(240)])
    source = models.TextField(_("source"), help_text=_("Where these numbers come from."))
    verified = models.BooleanField(
        _("verified"), default=False,
        help_text=_("Tick once the numbers have been checked against the current fee schedule."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("fee schedule")
        # Role-level abilities of the claims pages, granted in fls/roles.py.
        permissions = [("view_claims", "Can view the monthly FLS management fee claims")]

    def __str__(self):
        return f"{self.name} (from {self.effective_from:%Y-%m-%d})"


class FacilityStandard(models.Model):
    """A site's facility standard for the fee: its designated doctor, nurse and pharmacist for osteoporosis, and
    its last staff training (docs/clinical-rules.md#facility-standard-for-the-fls-management-fee)."""

    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="facility_standard")
    doctor = models.CharField(_("designated doctor"), max_length=100, blank=True)
    nurse = models.CharField(_("designated nurse"), max_length=100, blank=True)
    pharmacist = models.CharField(_("designated pharmacist"), max_length=100, blank=True)
    pharmacist_at_partner_pharmacy = models.BooleanField(
        _("the pharmacist is a partner pharmacy's"), default=False)
    last_training_on = models.DateField(
        _("date of the last staff training"), null=True, blank=True, validators=[PlausibleDate()],
        help_text=_("Training based on the osteoporosis guideline and the Japanese FLS Clinical Standard."))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("facility standard")

    def __str__(self):
        return f"Facility standard of {self.site}"


class Admission(models.Model):
    """One hospital stay for the hip fracture: its ward type, dates and, for the acute stay, when surgery started;
    for a rehabilitation or community-care stay, whether level 1 was claimed at another hospital."""

    Ward = WardType

    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="admissions")
    # The episode's site (it never changes), so the monthly list filters one table.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False)
    ward = models.CharField(_("ward type"), max_length=20, choices=WardType.choices)
    admitted_on = models.DateField(_("admitted on"), validators=[PlausibleDate()])
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True, validators=[PlausibleDate()],
                                     help_text=_("Blank while the patient is in hospital."))
    level_1_claimed_elsewhere = models.BooleanField(
        _("level 1 was claimed at another hospital"), default=False,
        help_text=_("Rehabilitation and community-care admissions only."))
    surgery_started_on = models.DateField(_("surgery started on"), null=True, blank=True,
                                          validators=[PlausibleDate()])
    # The site's local time, as the claim records it.
    surgery_started_time = models.TimeField(_("surgery started at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version", "site"])

    class Meta:
        ordering = ["admitted_on", "id"]
        indexes = [models.Index(fields=["site", "episode"], name="admission_site_episode")]
        constraints = [
            models.CheckConstraint(condition=models.Q(discharged_on__isnull=True)
                                   | models.Q(discharged_on__gte=models.F("admitted_on")),
                                   name="admission_discharged_after_admitted"),
        ]

    def __str__(self):
        return f"{self.get_ward_display()} admission from {self.admitted_on:%Y-%m-%d}"


class FractureTime(models.Model):
    """The time of day of the episode's fracture (its date is the episode's fracture_date), in the site's local
    time: the emergency fixation add-on counts 48 hours from it."""

    episode = models.OneToOneField(FractureEpisode, on_delete=models.PROTECT, related_name="fracture_time")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False)
    time = models.TimeField(_("time of the fracture"))
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version", "site"])

    def __str__(self):
        return f"Fracture of episode {self.episode_id} at {self.time:%H:%M}"
