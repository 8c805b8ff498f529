from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, BloodResult, LetterSent, TreatmentDecision


class ReadOnlyClinicalAdmin(SimpleHistoryAdmin):
    """Clinical records are written through the app's pages (services), never edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
