"""Forms for logging patients and fractures. Field rules live on the models (clean()), so the
forms, the import and the services all apply the same ones; errors appear beside their fields."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from fls.date_input import ClinicModelForm
from fls.text import SHORT_NOTE_MAX
from fls.versioning import VersionField

from .models import FractureEpisode, Patient


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class SiteChoiceForm(forms.Form):
    """Which of the user's sites a new patient belongs to (only shown to multi-site users)."""

    site = forms.ModelChoiceField(queryset=None, empty_label=None, label=_("Site"))

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.helper = _helper()


class PatientForm(ClinicModelForm):
    version = VersionField()

    class Meta:
        model = Patient
        fields = [
            "local_id", "national_id", "family_name", "given_name", "family_name_kana", "given_name_kana",
            "date_of_birth", "sex", "postcode", "phone",
            "residence", "gp_practice_name", "gp_practice_code", "gp_practice_contact", "date_of_death",
        ]

    def __init__(self, *args, show_death=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if not show_death:
            del self.fields["date_of_death"]
        site = self.instance.site if self.instance.site_id else None
        country = site.country if site else ""
        # The hospital's own number is asked everywhere: "Hospital number", 患者ID in Japanese.
        self.fields["local_id"].label = _("Hospital number")
        scheme = site.identifier_scheme if site else None
        if scheme is not None:
            # The national number of the site's scheme, by its name (NHS number, CHI number...).
            self.fields["national_id"].label = scheme.label
            self.fields["national_id"].help_text = scheme.help_label
        elif not self.instance.national_id:
            # A site without a scheme (a Japanese hospital: its own patient ID is the identifier) asks none.
            del self.fields["national_id"]
        else:
            # A number recorded before the site's scheme was removed: shown, so that it can be cleared.
            self.fields["national_id"].help_text = _("This site does not record a national number: clear it.")
        japanese = country == "JP"
        if japanese:
            # A Japanese record keeps each name with its reading (フリガナ), asked for beside it.
            for field in ("family_name_kana", "given_name_kana"):
                self.fields[field].required = True
            self.fields["local_id"].help_text = _("The hospital's own patient ID.")
        else:
            del self.fields["family_name_kana"], self.fields["given_name_kana"]
        name_rows = [Row(Column("family_name", css_class="col-md-4"), Column("given_name", css_class="col-md-4"))]
        if japanese:
            name_rows.insert(0, Row(Column("family_name_kana", css_class="col-md-4"),
                                    Column("given_name_kana", css_class="col-md-4")))
        self.helper = _helper(
            Fieldset(
                _("Patient"),
                Row(Column("local_id", css_class="col-md-4"),
                    *([Column("national_id", css_class="col-md-4")] if "national_id" in self.fields else [])),
                *name_rows,
                Row(Column("date_of_birth", css_class="col-md-4"), Column("sex", css_class="col-md-4"),
                    Column("residence", css_class="col-md-4")),
                Row(Column("postcode", css_class="col-md-4"), Column("phone", css_class="col-md-4")),
            ),
            Fieldset(
                _("Primary care"),
                Row(Column("gp_practice_name", css_class="col-md-4"), Column("gp_practice_code", css_class="col-md-4"),
                    Column("gp_practice_contact", css_class="col-md-4")),
            ),
            *([Div("date_of_death", css_class="col-md-4")] if show_death else []),
            "version",
        )


class FractureEpisodeForm(ClinicModelForm):
    version = VersionField()

    class Meta:
        model = FractureEpisode
        fields = [
            "fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source", "assigned_nurse",
            "previous_fracture_count", "previous_fractures_note",
        ]
        widgets = {
            "previous_fractures_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, nurses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nurses is not None:
            self.fields["assigned_nurse"].queryset = nurses
        self.fields["assigned_nurse"].empty_label = _("Unassigned")
        # The model validates the note's length; the browser is told it too (see FractureEpisode).
        self.fields["previous_fractures_note"].widget.attrs["maxlength"] = str(SHORT_NOTE_MAX)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = _helper(
            Fieldset(
                _("Fracture"),
                Row(Column("fracture_date", css_class="col-md-4"), Column("fracture_site", css_class="col-md-4"),
                    Column("side", css_class="col-md-4")),
                Row(Column("mechanism", css_class="col-md-8")),
                Row(Column("identified_on", css_class="col-md-4"), Column("source", css_class="col-md-4"),
                    Column("assigned_nurse", css_class="col-md-4")),
                Row(Column("previous_fracture_count", css_class="col-md-4"),
                    Column("previous_fractures_note", css_class="col-md-8")),
            ),
            "version",
        )


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
