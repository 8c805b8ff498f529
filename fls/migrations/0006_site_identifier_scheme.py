"""Each site's identifier scheme (issue 18): existing sites in the UK get the NHS number, in Japan none (the hospital's
own patient ID is the identifier), elsewhere the generic national number they were asked until now
(patients.identifier_schemes.COUNTRY_DEFAULTS). Scottish or Northern Irish sites: choose CHI or H&C in the admin."""

import django.db.models.deletion
from django.db import migrations, models


# Frozen here (a migration keeps the rule of its day, and fls imports no later app): as
# patients.identifier_schemes.COUNTRY_DEFAULTS was when this migration was written.
COUNTRY_DEFAULTS = {"GB": "nhs", "JP": None}
OTHER_COUNTRIES_DEFAULT = "national"


def assign(apps, schema_editor):
    Site = apps.get_model("fls", "Site")
    schemes = {scheme.code: scheme for scheme in apps.get_model("patients", "IdentifierScheme").objects.all()}
    for site in Site.objects.filter(identifier_scheme__isnull=True):
        code = COUNTRY_DEFAULTS.get(site.country, OTHER_COUNTRIES_DEFAULT)
        if code is not None and code in schemes:
            site.identifier_scheme = schemes[code]
            site.save(update_fields=["identifier_scheme"])


class Migration(migrations.Migration):

    dependencies = [
        ('fls', '0005_translatable_labels'),
        ('patients', '0012_identifier_schemes'),
    ]

    operations = [
        migrations.AddField(
            model_name='site',
            name='identifier_scheme',
            field=models.ForeignKey(blank=True, help_text='The national patient number this site records, such as the NHS number. Blank: none is asked (a Japanese hospital identifies patients by its own patient ID).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='patients.identifierscheme', verbose_name='identifier scheme'),
        ),
        migrations.RunPython(assign, migrations.RunPython.noop),
    ]
