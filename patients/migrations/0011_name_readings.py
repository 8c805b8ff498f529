"""The names' kana readings (フリガナ) for Japanese patients, searched like the names (issue 18), and the labels made
translatable (no change to the tables). The readings get the same PostgreSQL prefix-search indexes as the names
(see 0003): the search compares UPPER(column) LIKE 'ヤマ%'.
"""

import django.core.validators
import django.db.models.deletion
import fls.dates
from django.conf import settings
from django.db import migrations, models


READING_SEARCH_INDEXES = {
    "patient_search_family_name_kana":
        "(site_id, UPPER(family_name_kana) text_pattern_ops) INCLUDE (id, family_name_kana)",
    "patient_search_given_name_kana":
        "(site_id, UPPER(given_name_kana) text_pattern_ops) INCLUDE (id, given_name_kana)",
}


def create_reading_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in READING_SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON patients_patient {columns}")


def drop_reading_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in READING_SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('fls', '0004_site_and_user_language'),
        ('patients', '0010_episode_with_its_site'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='episodeevent',
            options={'ordering': ['at', 'id'], 'verbose_name': 'episode event', 'verbose_name_plural': 'episode events'},
        ),
        migrations.AlterModelOptions(
            name='fractureepisode',
            options={'ordering': ['-identified_on', '-id'], 'permissions': [('override_eligibility', 'Can override an eligibility exclusion')], 'verbose_name': 'fracture episode', 'verbose_name_plural': 'fracture episodes'},
        ),
        migrations.AlterModelOptions(
            name='importbatch',
            options={'ordering': ['-created_at'], 'verbose_name': 'import batch', 'verbose_name_plural': 'import batches'},
        ),
        migrations.AlterModelOptions(
            name='importchunk',
            options={'ordering': ['batch', 'number'], 'verbose_name': 'import chunk', 'verbose_name_plural': 'import chunks'},
        ),
        migrations.AlterModelOptions(
            name='patient',
            options={'ordering': ['family_name', 'given_name'], 'permissions': [('import_patients', 'Can import identified fractures from a file')], 'verbose_name': 'patient', 'verbose_name_plural': 'patients'},
        ),
        migrations.AddField(
            model_name='historicalpatient',
            name='family_name_kana',
            field=models.CharField(blank=True, db_default='', default='', max_length=100, verbose_name='family name (kana)'),
        ),
        migrations.AddField(
            model_name='historicalpatient',
            name='given_name_kana',
            field=models.CharField(blank=True, db_default='', default='', max_length=100, verbose_name='given name (kana)'),
        ),
        migrations.AddField(
            model_name='patient',
            name='family_name_kana',
            field=models.CharField(blank=True, db_default='', default='', max_length=100, verbose_name='family name (kana)'),
        ),
        migrations.AddField(
            model_name='patient',
            name='given_name_kana',
            field=models.CharField(blank=True, db_default='', default='', max_length=100, verbose_name='given name (kana)'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='at',
            field=models.DateTimeField(verbose_name='at'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='episode',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='patients.fractureepisode', verbose_name='episode'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='from_state',
            field=models.CharField(blank=True, choices=[('identified', 'Identified'), ('awaiting_assessment', 'Awaiting assessment'), ('assessed', 'Assessed'), ('treatment_decided', 'Treatment decided'), ('in_follow_up', 'In follow-up'), ('completed', 'Completed'), ('excluded', 'Excluded'), ('declined', 'Declined'), ('transferred', 'Transferred'), ('died', 'Died'), ('lost_to_follow_up', 'Lost to follow-up')], max_length=30, verbose_name='from state'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='note',
            field=models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000), django.core.validators.ProhibitNullCharactersValidator()], verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='to_state',
            field=models.CharField(choices=[('identified', 'Identified'), ('awaiting_assessment', 'Awaiting assessment'), ('assessed', 'Assessed'), ('treatment_decided', 'Treatment decided'), ('in_follow_up', 'In follow-up'), ('completed', 'Completed'), ('excluded', 'Excluded'), ('declined', 'Declined'), ('transferred', 'Transferred'), ('died', 'Died'), ('lost_to_follow_up', 'Lost to follow-up')], max_length=30, verbose_name='to state'),
        ),
        migrations.AlterField(
            model_name='episodeevent',
            name='transition',
            field=models.CharField(max_length=40, verbose_name='transition'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='assigned_nurse',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_episodes', to=settings.AUTH_USER_MODEL, verbose_name='assigned nurse'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='eligibility_overridden_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='eligibility overridden by'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='eligibility_override_reason',
            field=models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(5000), django.core.validators.ProhibitNullCharactersValidator()], verbose_name='eligibility override reason'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='excluded_reason',
            field=models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(5000), django.core.validators.ProhibitNullCharactersValidator()], verbose_name='excluded reason'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='fracture_date',
            field=models.DateField(validators=[fls.dates.PlausibleDate()], verbose_name='fracture date'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='fracture_site',
            field=models.CharField(choices=[('hip', 'Hip'), ('vertebra', 'Vertebra (spine)'), ('wrist', 'Wrist / distal radius'), ('humerus', 'Proximal humerus'), ('pelvis', 'Pelvis'), ('ankle', 'Ankle'), ('other', 'Other')], max_length=20, verbose_name='fracture site'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='identified_on',
            field=models.DateField(validators=[fls.dates.PlausibleDate()], verbose_name='identified on'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='mechanism',
            field=models.CharField(choices=[('low', 'Low trauma (fall from standing height or less)'), ('high', 'High trauma'), ('unknown', 'Not known')], max_length=10, verbose_name='mechanism'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='patient',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='episodes', to='patients.patient', verbose_name='patient'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='refracture_of',
            field=models.ForeignKey(blank=True, help_text="The patient's earlier episode, when this fracture is a refracture.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='refractures', to='patients.fractureepisode', verbose_name='refracture of'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='side',
            field=models.CharField(choices=[('left', 'Left'), ('right', 'Right'), ('bilateral', 'Bilateral'), ('na', 'Not applicable (midline)'), ('unknown', 'Not known')], default='unknown', max_length=10, verbose_name='side'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='episodes', to='fls.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='source',
            field=models.CharField(choices=[('ed', 'Emergency department'), ('ward', 'Inpatient ward'), ('fracture_clinic', 'Fracture clinic'), ('radiology', 'Radiology report'), ('primary_care', 'Primary care'), ('other', 'Other')], max_length=20, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='state',
            field=models.CharField(choices=[('identified', 'Identified'), ('awaiting_assessment', 'Awaiting assessment'), ('assessed', 'Assessed'), ('treatment_decided', 'Treatment decided'), ('in_follow_up', 'In follow-up'), ('completed', 'Completed'), ('excluded', 'Excluded'), ('declined', 'Declined'), ('transferred', 'Transferred'), ('died', 'Died'), ('lost_to_follow_up', 'Lost to follow-up')], default='identified', max_length=30, verbose_name='state'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='state_changed_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='state changed at'),
        ),
        migrations.AlterField(
            model_name='fractureepisode',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='assigned_nurse',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned nurse'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='created_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='eligibility_overridden_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='eligibility overridden by'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='eligibility_override_reason',
            field=models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(5000), django.core.validators.ProhibitNullCharactersValidator()], verbose_name='eligibility override reason'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='excluded_reason',
            field=models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(5000), django.core.validators.ProhibitNullCharactersValidator()], verbose_name='excluded reason'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='fracture_date',
            field=models.DateField(validators=[fls.dates.PlausibleDate()], verbose_name='fracture date'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='fracture_site',
            field=models.CharField(choices=[('hip', 'Hip'), ('vertebra', 'Vertebra (spine)'), ('wrist', 'Wrist / distal radius'), ('humerus', 'Proximal humerus'), ('pelvis', 'Pelvis'), ('ankle', 'Ankle'), ('other', 'Other')], max_length=20, verbose_name='fracture site'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='identified_on',
            field=models.DateField(validators=[fls.dates.PlausibleDate()], verbose_name='identified on'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='mechanism',
            field=models.CharField(choices=[('low', 'Low trauma (fall from standing height or less)'), ('high', 'High trauma'), ('unknown', 'Not known')], max_length=10, verbose_name='mechanism'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='patient',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='patients.patient', verbose_name='patient'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='refracture_of',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="The patient's earlier episode, when this fracture is a refracture.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='patients.fractureepisode', verbose_name='refracture of'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='side',
            field=models.CharField(choices=[('left', 'Left'), ('right', 'Right'), ('bilateral', 'Bilateral'), ('na', 'Not applicable (midline)'), ('unknown', 'Not known')], default='unknown', max_length=10, verbose_name='side'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='site',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='fls.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='source',
            field=models.CharField(choices=[('ed', 'Emergency department'), ('ward', 'Inpatient ward'), ('fracture_clinic', 'Fracture clinic'), ('radiology', 'Radiology report'), ('primary_care', 'Primary care'), ('other', 'Other')], max_length=20, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='state',
            field=models.CharField(choices=[('identified', 'Identified'), ('awaiting_assessment', 'Awaiting assessment'), ('assessed', 'Assessed'), ('treatment_decided', 'Treatment decided'), ('in_follow_up', 'In follow-up'), ('completed', 'Completed'), ('excluded', 'Excluded'), ('declined', 'Declined'), ('transferred', 'Transferred'), ('died', 'Died'), ('lost_to_follow_up', 'Lost to follow-up')], default='identified', max_length=30, verbose_name='state'),
        ),
        migrations.AlterField(
            model_name='historicalfractureepisode',
            name='state_changed_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='state changed at'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='created_at',
            field=models.DateTimeField(blank=True, editable=False, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='date_of_birth',
            field=models.DateField(verbose_name='date of birth'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='date_of_death',
            field=models.DateField(blank=True, null=True, validators=[fls.dates.PlausibleDate()], verbose_name='date of death'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='family_name',
            field=models.CharField(max_length=100, verbose_name='family name'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='given_name',
            field=models.CharField(max_length=100, verbose_name='given name'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='postcode',
            field=models.CharField(blank=True, max_length=12, verbose_name='postcode'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='residence',
            field=models.CharField(choices=[('own_home', 'Own home'), ('care_home', 'Care home'), ('other', 'Other')], default='own_home', max_length=20, verbose_name='residence'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='sex',
            field=models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('other', 'Other'), ('unknown', 'Not known')], max_length=10, verbose_name='sex'),
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='site',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='fls.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='chunks_done',
            field=models.PositiveIntegerField(default=0, verbose_name='chunks done'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='chunks_total',
            field=models.PositiveIntegerField(default=0, verbose_name='chunks total'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='content_sha256',
            field=models.CharField(max_length=64, verbose_name='content sha256'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='delimiter',
            field=models.CharField(default=',', max_length=1, verbose_name='delimiter'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='dispatch_failed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dispatch failed at'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='duplicates',
            field=models.PositiveIntegerField(default=0, verbose_name='duplicates'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='failure',
            field=models.TextField(blank=True, verbose_name='failure'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='filename',
            field=models.CharField(max_length=255, verbose_name='filename'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='finished at'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='header',
            field=models.JSONField(blank=True, default=list, verbose_name='header'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='imported',
            field=models.PositiveIntegerField(default=0, verbose_name='imported'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='last_activity_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last activity at'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='lease_expires_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='lease expires at'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='lease_token',
            field=models.CharField(blank=True, max_length=32, verbose_name='lease token'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='problems',
            field=models.JSONField(blank=True, default=list, verbose_name='problems'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='rejected',
            field=models.PositiveIntegerField(default=0, verbose_name='rejected'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='rows_done',
            field=models.PositiveIntegerField(default=0, verbose_name='rows done'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='rows_total',
            field=models.PositiveIntegerField(default=0, verbose_name='rows total'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='import_batches', to='fls.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='status',
            field=models.CharField(choices=[('queued', 'Waiting for the worker'), ('running', 'Importing'), ('done', 'Finished'), ('failed', 'Could not be read')], default='queued', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='importbatch',
            name='uploaded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by'),
        ),
        migrations.AlterField(
            model_name='importchunk',
            name='batch',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chunks', to='patients.importbatch', verbose_name='batch'),
        ),
        migrations.AlterField(
            model_name='importchunk',
            name='number',
            field=models.PositiveIntegerField(verbose_name='number'),
        ),
        migrations.AlterField(
            model_name='importchunk',
            name='rows',
            field=models.JSONField(default=list, verbose_name='rows'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created at'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='date_of_birth',
            field=models.DateField(verbose_name='date of birth'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='date_of_death',
            field=models.DateField(blank=True, null=True, validators=[fls.dates.PlausibleDate()], verbose_name='date of death'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='family_name',
            field=models.CharField(max_length=100, verbose_name='family name'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='given_name',
            field=models.CharField(max_length=100, verbose_name='given name'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='phone',
            field=models.CharField(blank=True, max_length=30, verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='postcode',
            field=models.CharField(blank=True, max_length=12, verbose_name='postcode'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='residence',
            field=models.CharField(choices=[('own_home', 'Own home'), ('care_home', 'Care home'), ('other', 'Other')], default='own_home', max_length=20, verbose_name='residence'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='sex',
            field=models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('other', 'Other'), ('unknown', 'Not known')], max_length=10, verbose_name='sex'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='patients', to='fls.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='patientrecordaccess',
            name='kind',
            field=models.CharField(choices=[('view', 'Viewed'), ('export', 'Exported'), ('letter', 'Letter opened'), ('print', 'Printed or downloaded')], default='view', max_length=10, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='patientrecordaccess',
            name='page',
            field=models.CharField(help_text='Which page or export: patient, episode, letter, audit dataset…', max_length=40, verbose_name='page'),
        ),
        migrations.AlterField(
            model_name='patientrecordaccess',
            name='patient',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='record_accesses', to='patients.patient', verbose_name='patient'),
        ),
        migrations.AlterField(
            model_name='patientrecordaccess',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='patientrecordaccess',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user'),
        ),
        migrations.AlterField(
            model_name='patientrecordaccess',
            name='viewed_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='viewed at'),
        ),
        migrations.RunPython(create_reading_search_indexes, drop_reading_search_indexes),
    ]
