from django.contrib import admin

from fls.clinical_admin import NoDeleteAdmin, ReadOnlyClinicalAdmin

from . import services
from .models import CourseReview, DoseGiven, TreatmentCourse, TreatmentSettings


@admin.register(TreatmentCourse)
class TreatmentCourseAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "episode_id", "drug", "starts_on", "status", "stopped_on")


@admin.register(DoseGiven)
class DoseGivenAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "course_id", "given_on", "place", "entered_in_error")


@admin.register(CourseReview)
class CourseReviewAdmin(ReadOnlyClinicalAdmin):
    list_display = ("id", "course_id", "reviewed_on", "outcome")


@admin.register(TreatmentSettings)
class TreatmentSettingsAdmin(NoDeleteAdmin):
    """A site's course-plan numbers, both unverified (docs/clinical-rules.md#course-plans). Saving plans the site's
    courses again, so what is due follows the new numbers at once."""
    list_display = ("site", "booking_lead_days", "zoledronic_acid_overdue_months")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.replan_site(obj.site_id)
