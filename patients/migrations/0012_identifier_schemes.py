"""Identifier schemes as data (issue 18): the national patient numbers and their rules, seeded with the shipped ones
(patients.identifier_schemes: NHS, CHI, Health and Care number, IHI, and the generic national number). Sites get
theirs in fls 0006."""

import django.core.validators
import patients.models
from django.db import migrations, models


def seed(apps, schema_editor):
    from patients.identifier_schemes import seed as seed_schemes

    seed_schemes(apps.get_model("patients", "IdentifierScheme"))


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0011_name_readings'),
    ]

    operations = [
        migrations.CreateModel(
            name='IdentifierScheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=20, unique=True, verbose_name='code')),
                ('name', models.CharField(help_text='What staff call it, for example NHS number. Shown translated when the catalogue has it.', max_length=100, verbose_name='name')),
                ('pattern', models.CharField(help_text='A regular expression the whole number must match once normalised, for example \\d{10}.', max_length=200, validators=[patients.models._validate_pattern], verbose_name='pattern')),
                ('check_digit', models.CharField(choices=[('none', 'None'), ('mod11_nhs', 'Modulus 11, as the NHS number'), ('luhn', 'Luhn (modulus 10)'), ('mod11_nhs_or_luhn', 'Modulus 11 as the NHS number, or Luhn (CHI numbers)')], default='none', max_length=20, verbose_name='check digit')),
                ('birth_date_prefix', models.BooleanField(default=False, help_text='The first six digits are the date of birth as DDMMYY (CHI numbers).', verbose_name='starts with the date of birth')),
                ('normalisation', models.CharField(choices=[('strip', 'Spaces and hyphens removed'), ('strip_upper', 'Spaces and hyphens removed, letters in capitals')], default='strip', max_length=20, verbose_name='normalisation')),
                ('display_grouping', models.CharField(blank=True, help_text='How the number is shown, for example 3-3-4 for 943 476 5919. Blank: as stored.', max_length=20, validators=[django.core.validators.RegexValidator('^\\d{1,2}(-\\d{1,2}){0,5}$', 'Write the group sizes like 3-3-4.')], verbose_name='display grouping')),
                ('example', models.CharField(blank=True, max_length=40, verbose_name='example')),
                ('help_text', models.CharField(blank=True, help_text='Shown under the field on the patient form.', max_length=200, verbose_name='help text')),
                ('source', models.CharField(max_length=500, help_text='Where the rule comes from (a citation).', verbose_name='source')),
            ],
            options={
                'verbose_name': 'identifier scheme',
                'verbose_name_plural': 'identifier schemes',
                'ordering': ['name'],
            },
        ),
        migrations.AlterField(
            model_name='historicalpatient',
            name='national_id',
            field=models.CharField(blank=True, help_text="The number of the site's identifier scheme (an NHS number in England and Wales); none where the site has no scheme.", max_length=20, verbose_name='national number'),
        ),
        migrations.AlterField(
            model_name='patient',
            name='national_id',
            field=models.CharField(blank=True, help_text="The number of the site's identifier scheme (an NHS number in England and Wales); none where the site has no scheme.", max_length=20, verbose_name='national number'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
