from django.contrib import admin

from fls.clinical_admin import NoDeleteAdmin, ReadOnlyClinicalAdmin

from .models import Admission, FacilityStandard, FeeSchedule, FractureTime


@admin.register(FeeSchedule)
class FeeScheduleAdmin(NoDeleteAdmin):
    """The fee schedule's numbers (docs/clinical-rules.md#levels-of-the-fls-management-fee): data, unverified until
    an administrator checks them against the current schedule and ticks verified."""
    list_display = ("name", "effective_from", "level_1_points", "level_2_points", "level_3_points",
                    "level_3_months", "addon_min_age", "addon_within_hours", "verified")


@admin.register(FacilityStandard)
class FacilityStandardAdmin(ReadOnlyClinicalAdmin):
    """Edited on each site's checklist page (by its managers and administrators)."""
    list_display = ("site", "doctor", "nurse", "pharmacist", "last_training_on")


@admin.register(Admission)
class AdmissionAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "ward", "admitted_on", "discharged_on")


@admin.register(FractureTime)
class FractureTimeAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "time")
