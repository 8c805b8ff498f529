from django.contrib import admin

from fls.clinical_admin import NoDeleteAdmin, ReadOnlyClinicalAdmin

from .models import (Assessment, BloodResult, DecisionSupportSettings, FraxInterventionThreshold, LetterSent,
                     TreatmentDecision, VertebralFracture, WarningAcknowledgement)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "assessed_on", "completed_at")


@admin.register(BloodResult)
class BloodResultAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "assessment_id", "test", "taken_on")


@admin.register(TreatmentDecision)
class TreatmentDecisionAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "recommendation", "drafted_at", "signed_off_at")


@admin.register(LetterSent)
class LetterSentAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "sent_on", "method")


@admin.register(VertebralFracture)
class VertebralFractureAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "assessment_id", "found_by", "level", "grade", "age", "seen_on", "entered_in_error")


@admin.register(WarningAcknowledgement)
class WarningAcknowledgementAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "decision_id", "code", "by", "at")


@admin.register(DecisionSupportSettings)
class DecisionSupportSettingsAdmin(NoDeleteAdmin):
    """A site's numbers the sources do not fix: each is marked unverified in its help text and in
    docs/clinical-rules.md."""
    list_display = ("site", "adjusted_calcium_low")


@admin.register(FraxInterventionThreshold)
class FraxInterventionThresholdAdmin(NoDeleteAdmin):
    """The NOGG FRAX table, shipped unverified (docs/clinical-rules.md#nogg-frax-thresholds-by-age): replace the
    rows with NOGG's own, with their source, and tick verified; the flags drawn from it say unverified until every
    row is."""
    list_display = ("from_age", "mof_percent", "hip_percent", "verified", "source")
    list_editable = ("mof_percent", "hip_percent", "verified", "source")
