"""Fill the worklist facts newly mirrored onto each episode (patients 0002) from its assessment and decision.

One set-based UPDATE, on SQLite and PostgreSQL alike, touching only the episodes with something to mirror
(the rest keep the defaults: no DXA awaited, no decision). The expressions are those of
assessments.services.episode_facts_refresh as they stand at this migration, written out here because a
migration runs against the historical models, not today's code.
"""
from django.db import migrations
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    FractureEpisode = apps.get_model("patients", "FractureEpisode")
    Assessment = apps.get_model("assessments", "Assessment")
    TreatmentDecision = apps.get_model("assessments", "TreatmentDecision")
    db = schema_editor.connection.alias
    awaiting_dxa_result = Assessment.objects.using(db).filter(
        episode_id=OuterRef("pk"), dxa_requested_on__isnull=False, dxa_performed_on__isnull=True)
    decision = TreatmentDecision.objects.using(db).filter(episode_id=OuterRef("pk"))
    status = decision.annotate(mirrored_status=Case(When(signed_off_at__isnull=True, then=Value("drafted")),
                                                    default=Value("signed"))).values("mirrored_status")[:1]
    FractureEpisode.objects.using(db).filter(Q(Exists(awaiting_dxa_result)) | Q(Exists(decision))).update(
        dxa_pending=Exists(awaiting_dxa_result), decision_status=Coalesce(Subquery(status), Value("")))


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0001_initial"),
        ("patients", "0002_episode_worklist_facts"),
    ]
    # The episodes' worklist index is built once, on the filled columns.
    run_before = [("patients", "0003_worklist_indexes")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
