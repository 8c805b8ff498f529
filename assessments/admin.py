from django.contrib import admin

from fls.clinical_admin import ReadOnlyClinicalAdmin

from .models import Assessment, BloodResult, LetterSent, TreatmentDecision


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
