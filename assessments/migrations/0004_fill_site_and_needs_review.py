"""Fill the columns 0003 added: each blood result's and treatment decision's site from its episode, and
needs_review on the blood results a clinician has still to review.

Set-based UPDATEs, on SQLite and PostgreSQL alike. needs_review starts False everywhere (0003's default), so
only the results to review are written. The rule is assessments.services.blood_results_review_refresh's (with
assessments.models.out_of_range and BLOOD_REVIEW_STATES) as it stands at this migration, written out here
because a migration runs against the historical models, not today's code.
"""
from django.db import migrations
from django.db.models import Exists, F, OuterRef, Q, Subquery

REVIEW_STATES = ("identified", "awaiting_assessment", "assessed", "treatment_decided")


def fill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    BloodResult = apps.get_model("assessments", "BloodResult")
    TreatmentDecision = apps.get_model("assessments", "TreatmentDecision")
    FractureEpisode = apps.get_model("patients", "FractureEpisode")
    db = schema_editor.connection.alias
    TreatmentDecision.objects.using(db).filter(site__isnull=True).update(
        site_id=Subquery(FractureEpisode.objects.using(db).filter(pk=OuterRef("episode_id")).values("site_id")[:1]))
    BloodResult.objects.using(db).filter(site__isnull=True).update(
        site_id=Subquery(Assessment.objects.using(db).filter(pk=OuterRef("assessment_id")).values("episode__site_id")[:1]))
    out_of_range = Q(flagged_abnormal=True) | Q(value__lt=F("reference_low")) | Q(value__gt=F("reference_high"))
    before_sign_off = Assessment.objects.using(db).filter(
        pk=OuterRef("assessment_id"), episode__state__in=REVIEW_STATES).exclude(episode__decision_status="signed")
    BloodResult.objects.using(db).filter(out_of_range, Exists(before_sign_off), entered_in_error=False).update(
        needs_review=True)


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0003_site_and_needs_review"),
        ("patients", "0003_worklist_indexes"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
