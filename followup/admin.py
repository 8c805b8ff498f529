from django.contrib import admin

from fls.clinical_admin import NoDeleteAdmin, ReadOnlyClinicalAdmin

from .models import FollowUp, FollowUpContact, FollowUpSettings, Notification, PatientReminderLetter, Reminder, ScanRun


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(NoDeleteAdmin):
    """Administrators edit a site's schedule here or on the Follow-up settings page; changes apply to
    follow-ups created afterwards only."""

    list_display = ("site", "anchor", "failed_attempt_limit", "scan_time", "updated_at")
    readonly_fields = ("version",)

    def save_model(self, request, obj, form, change):
        obj.version += 1 if change else 0
        super().save_model(request, obj, form, change)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "site", "kind", "window_opens", "window_closes", "status")
    list_filter = ("site", "kind", "status")


@admin.register(FollowUpContact)
class FollowUpContactAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "follow_up_id", "contacted_on", "method", "reached", "adherence")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "follow_up_id", "site", "kind", "scan_date", "escalated")
    list_filter = ("site", "kind")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "user", "kind", "created_at", "read_at")


@admin.register(PatientReminderLetter)
class PatientReminderLetterAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "follow_up_id", "kind", "created_at", "printed_at")


@admin.register(ScanRun)
class ScanRunAdmin(ReadOnlyClinicalAdmin):
    list_display = ("site", "scan_date", "claimed_at", "finished_at", "result")
