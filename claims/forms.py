"""Crispy (Bootstrap 5) forms for an admission, the time of the fracture and a site's facility standard. The
services validate; their errors are shown beside the fields they name."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from fls.date_input import ClinicDateField, ClinicModelForm
from fls.versioning import NO_RECORD, VersionField

from .models import Admission, FacilityStandard

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _helper(title, rows) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    width = {1: "col-md-8", 2: "col-md-6", 3: "col-md-4"}
    helper.layout = Layout(Fieldset(title, *[Row(*[Column(name, css_class=width[len(row)]) for name in row])
                                           for row in rows]), "version")
    return helper


class AdmissionForm(ClinicModelForm):
    version = VersionField()

    class Meta:
        model = Admission
        fields = ["ward", "admitted_on", "discharged_on", "level_1_claimed_elsewhere", "surgery_started_on",
                  "surgery_started_time"]
        widgets = {"surgery_started_time": TIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else NO_RECORD
        self.fields["surgery_started_on"].help_text = _("Acute admissions: the day and time surgery started.")
        self.helper = _helper(_("Admission for the hip fracture"), [
            ("ward",), ("admitted_on", "discharged_on"), ("surgery_started_on", "surgery_started_time"),
            ("level_1_claimed_elsewhere",)])

    def _post_clean(self):
        # The service validates the admission as a whole (against the episode and the fracture time), so its
        # messages land beside the fields; the model's own clean is not run twice here.
        pass


class FractureTimeForm(forms.Form):
    version = VersionField()
    fracture_day = ClinicDateField(label=_("Date of the fracture"))
    fracture_time = forms.TimeField(label=_("Time of the fracture"), widget=TIME)

    def __init__(self, *args, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = version
        self.fields["fracture_time"].help_text = _("The hospital's local time, as the claim records it.")
        self.helper = _helper(_("Time of the fracture"), [("fracture_day", "fracture_time")])


class FacilityStandardForm(ClinicModelForm):
    version = VersionField()

    class Meta:
        model = FacilityStandard
        fields = ["doctor", "nurse", "pharmacist", "pharmacist_at_partner_pharmacy", "last_training_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else NO_RECORD
        self.helper = _helper(_("Facility standard"), [("doctor", "nurse"), ("pharmacist",
                                                                             "pharmacist_at_partner_pharmacy"),
                                                       ("last_training_on",)])

    def _post_clean(self):
        pass
