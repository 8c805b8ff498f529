"""A course for every decision signed off before courses were kept: the decision's drug and regimen, starting on
its recorded start (else the day it was signed off), planned as treatment.services plans a course (no doses are
known yet: the first dose is due from the start). Decisions declined, contraindicated or with no drug open none."""
from django.db import migrations
from django.utils import timezone

from fls.migration_operations import SameSiteAsEpisode


def forward(apps, schema_editor):
    from treatment import course_plan as plans

    Decision = apps.get_model("assessments", "TreatmentDecision")
    Course = apps.get_model("treatment", "TreatmentCourse")
    Item = apps.get_model("treatment", "CourseItem")
    Settings = apps.get_model("treatment", "TreatmentSettings")
    site_settings = {s.site_id: plans.CoursePlanSettings(booking_lead_days=s.booking_lead_days,
                                                         zoledronic_acid_overdue_months=s.zoledronic_acid_overdue_months)
                     for s in Settings.objects.all()}
    today = timezone.localdate()
    decisions = (Decision.objects.filter(signed_off_at__isnull=False, course__isnull=True)
                 .exclude(recommendation="none").exclude(status__in=["declined", "contraindicated"]).order_by("pk"))
    for decision in decisions.iterator(chunk_size=2000):
        course = Course.objects.create(
            episode_id=decision.episode_id, site_id=decision.site_id, decision_id=decision.pk,
            drug=decision.recommendation, drug_other=decision.recommendation_other, dose=decision.dose,
            route=decision.route, interval=decision.interval, duration_months=decision.duration_months,
            starts_on=decision.started_on or timezone.localdate(decision.signed_off_at))
        plan = plans.course_plan(drug=course.drug, start=course.starts_on, today=today, interval=course.interval,
                                 duration_months=course.duration_months,
                                 settings=site_settings.get(course.site_id))
        Item.objects.bulk_create([Item(course_id=course.pk, site_id=course.site_id, episode_id=course.episode_id,
                                       **row) for row in plans.item_rows(plan)])


class Migration(migrations.Migration):
    dependencies = [
        ("treatment", "0001_initial"),
        ("assessments", "0012_database_defaults"),
    ]
    operations = [
        # A course's and its items' copies of the episode's site hold on PostgreSQL (fls.migration_operations).
        SameSiteAsEpisode("treatmentcourse", name="course_site_is_its_episodes"),
        SameSiteAsEpisode("courseitem", name="course_item_site_is_its_episodes"),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
