"""Crispy (Bootstrap 5) forms for the assessment parts, blood results, the treatment decision and
recording a letter as sent. Errors from the services are shown beside their fields."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fls.date_input import ClinicDateField, ClinicModelForm
from fls.dates import PlausibleDate
from fls.versioning import NO_RECORD, VersionField

from .models import Assessment, BloodResult, LetterMethod, TreatmentDecision, VertebralFracture
from .services import ASSESSMENT_PARTS


PART_TITLES = {
    "falls": _("Falls"),
    "dxa": _("Bone density (DXA)"),
    "spine": _("Vertebral fracture assessment / spine imaging"),
    "safety": _("Treatment safety questions"),
    "risk_factors": _("Clinical risk factors"),
    "fracture_risk": _("Fracture risk (FRAX)"),
    "summary": _("Assessment date and notes"),
}

_ROWS = {
    "falls": [("falls_last_12_months", "gait_balance_result"), ("falls_assessment", "strength_balance")],
    "dxa": [
        ("dxa_requested_on", "dxa_performed_on"),
        ("t_score_lumbar_spine", "t_score_total_hip", "t_score_femoral_neck"),
        ("z_score_lumbar_spine", "z_score_total_hip", "z_score_femoral_neck"),
    ],
    "spine": [("spine_imaging", "spine_imaging_on"), ("spine_imaging_result",)],
    "safety": [("prior_mi_or_stroke", "oesophageal_disorder"), ("cannot_stay_upright", "skeletal_contraindication")],
    "risk_factors": [
        ("previous_fracture", "parental_hip_fracture", "current_smoker"),
        ("alcohol_3_or_more_units", "rheumatoid_arthritis", "secondary_osteoporosis"),
        ("oral_glucocorticoids", "glucocorticoid_mg_per_day", "glucocorticoid_months"),
        ("other_fractures_last_2_years", "height_cm", "weight_kg"),
    ],
    "fracture_risk": [("frax_mof_percent", "frax_hip_percent", "frax_with_bmd")],
    "summary": [("assessed_on",), ("notes",)],
}


def _helper(title, rows) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    width = {1: "col-md-8", 2: "col-md-6", 3: "col-md-4"}
    helper.layout = Layout(
        Fieldset(title, *[Row(*[Column(name, css_class=width[len(row)]) for name in row]) for row in rows]),
        "version",
    )
    return helper


class AssessmentPartForm(ClinicModelForm):
    """One part of the assessment; which fields it has depends on `part`."""

    version = VersionField()

    class Meta:
        model = Assessment
        fields = [name for names in ASSESSMENT_PARTS.values() for name in names]
        widgets = {
            "spine_imaging_result": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, part: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.part = part
        for name in list(self.fields):
            if name != "version" and name not in ASSESSMENT_PARTS[part]:
                del self.fields[name]
        # A form for an assessment not yet started carries NO_RECORD (fls.versioning).
        self.fields["version"].initial = self.instance.version if self.instance.pk else NO_RECORD
        self.helper = _helper(PART_TITLES[part], _ROWS[part])


class BloodResultForm(ClinicModelForm):
    class Meta:
        model = BloodResult
        fields = ["test", "test_name", "taken_on", "value", "result_text", "unit", "reference_low", "reference_high",
                  "flagged_abnormal"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add a blood result"), [
            ("test", "test_name", "taken_on"), ("value", "unit", "result_text"),
            ("reference_low", "reference_high", "flagged_abnormal"),
        ])
        self.helper.layout.fields.pop()  # no version on an append-only result


class VertebralFractureForm(ClinicModelForm):
    class Meta:
        model = VertebralFracture
        fields = ["found_by", "seen_on", "level", "grade", "age"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add a vertebral fracture found on VFA or imaging"),
                              [("found_by", "seen_on"), ("level", "grade", "age")])
        self.helper.layout.fields.pop()  # no version on an append-only finding


class TreatmentDecisionForm(ClinicModelForm):
    version = VersionField()

    class Meta:
        model = TreatmentDecision
        fields = ["recommendation", "recommendation_other", "dose", "route", "interval", "duration_months",
                  "calcium_vitamin_d", "initiated_by", "status", "started_on", "status_reason", "notes"]
        widgets = {"status_reason": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, locked_recommendation: bool = False, support_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else NO_RECORD
        rows = [("recommendation", "recommendation_other"), ("dose", "route"), ("interval", "duration_months"),
                ("calcium_vitamin_d", "initiated_by"), ("status", "started_on"), ("status_reason",), ("notes",)]
        if locked_recommendation:
            for name in ("recommendation", "recommendation_other", "dose", "route", "interval", "duration_months",
                         "calcium_vitamin_d", "initiated_by", "notes"):
                del self.fields[name]
            rows = [("status", "started_on"), ("status_reason",)]
        else:
            _watch_recommendation(self.fields["recommendation"], support_url)
        self.helper = _helper(_("Treatment status") if locked_recommendation else _("Recommendation"), rows)


def _watch_recommendation(field, support_url: str) -> None:
    """The drug's select refreshes the decision support shown beside the form (htmx) and, through
    static/js/regimen.js, fills the regimen with the drug's usual one."""
    field.widget.attrs.update({"data-regimen-drug": "1"})
    if support_url:
        field.widget.attrs.update({"hx-get": support_url, "hx-trigger": "change", "hx-target": "#decision-support",
                                   "hx-swap": "innerHTML", "hx-include": "this"})


class SignOffAmendForm(ClinicModelForm):
    """On the sign-off page: the drug and its regimen, which the clinician may change before signing off."""
    version = VersionField()

    class Meta:
        model = TreatmentDecision
        fields = ["recommendation", "recommendation_other", "dose", "route", "interval", "duration_months"]

    def __init__(self, *args, support_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["recommendation"].choices = [c for c in self.fields["recommendation"].choices if c[0] != ""]
        _watch_recommendation(self.fields["recommendation"], support_url)
        self.helper = _helper(_("Treatment to sign off"), [
            ("recommendation", "recommendation_other"), ("dose", "route"), ("interval", "duration_months")])
        self.helper.layout.fields.pop()  # the version is rendered by the page with the note


class SignOffForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           label=_("Note (optional)"))


class CompleteAssessmentForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000, label=_("Note (optional)"))


class LetterSentForm(forms.Form):
    sent_on = ClinicDateField(label=_("Date sent"), validators=[PlausibleDate()])
    method = forms.ChoiceField(choices=LetterMethod.choices, label=_("Method"))
    recipient = forms.CharField(max_length=300, label=_("Sent to"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("sent_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Row(Column("sent_on", css_class="col-md-3"), Column("method", css_class="col-md-3"),
                                        Column("recipient", css_class="col-md-6")))
