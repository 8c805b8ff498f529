"""Crispy (Bootstrap 5) forms for a dose given, a drug-holiday review and a stop or switch. The services validate;
their errors are shown beside the fields they name."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from fls.date_input import ClinicDateField, ClinicModelForm
from fls.versioning import VersionField

from .models import COURSE_DRUGS, CourseReview, DoseGiven, StopReason, TreatmentCourse


def _helper(title, rows) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    width = {1: "col-md-8", 2: "col-md-6", 3: "col-md-4"}
    helper.layout = Layout(Fieldset(title, *[Row(*[Column(name, css_class=width[len(row)]) for name in row])
                                           for row in rows]), "version")
    return helper


class _CourseForm:
    """The course's version the form was drawn from: a dose, stop or review saved meanwhile refuses it."""

    def set_version(self, course: TreatmentCourse) -> None:
        self.fields["version"].initial = course.version


class DoseForm(_CourseForm, ClinicModelForm):
    version = VersionField()

    class Meta:
        model = DoseGiven
        fields = ["given_on", "place", "given_by", "batch"]

    def __init__(self, *args, course: TreatmentCourse, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version(course)
        self.helper = _helper(_("Dose of %(drug)s given") % {"drug": course.drug_label},
                              [("given_on", "place"), ("given_by", "batch")])


class ReviewForm(_CourseForm, ClinicModelForm):
    version = VersionField()

    class Meta:
        model = CourseReview
        fields = ["reviewed_on", "outcome", "next_review_months", "reasons", "note"]
        widgets = {"outcome": forms.RadioSelect}

    def __init__(self, *args, course: TreatmentCourse, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version(course)
        self.fields["next_review_months"].help_text = _("When continuing: months until the next review.")
        self.fields["reasons"].help_text = _("Which reasons to continue apply (listed above).")
        self.helper = _helper(_("Drug-holiday review"), [("reviewed_on", "outcome"), ("next_review_months",),
                                                         ("reasons",), ("note",)])


class StopForm(_CourseForm, forms.Form):
    version = VersionField()
    stopped_on = ClinicDateField(label=_("Date stopped"))
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "---------"), *StopReason.choices])
    follow_on_drug = forms.ChoiceField(label=_("Follow-on drug"), required=False,
                                       choices=[("", _("None"))] + [c for c in COURSE_DRUGS if c[0] != "other"])
    follow_on_starts_on = ClinicDateField(label=_("Follow-on drug starts on"), required=False)
    # The service bounds it (fls.text: SHORT_NOTE_MAX) and says so beside the field.
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, course: TreatmentCourse, needs_follow_on: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version(course)
        if needs_follow_on:
            self.fields["follow_on_drug"].help_text = _(
                "%(drug)s is followed by another drug. If none is planned, say why in the note.") % {
                "drug": course.drug_label}
        self.helper = _helper(_("Stop or switch %(drug)s") % {"drug": course.drug_label},
                              [("stopped_on", "reason"), ("follow_on_drug", "follow_on_starts_on"), ("note",)])


class FollowOnForm(_CourseForm, forms.Form):
    version = VersionField()
    follow_on_drug = forms.ChoiceField(label=_("Follow-on drug"),
                                       choices=[("", "---------")] + [c for c in COURSE_DRUGS if c[0] != "other"])
    follow_on_starts_on = ClinicDateField(label=_("Starts on"))

    def __init__(self, *args, course: TreatmentCourse, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_version(course)
        self.helper = _helper(_("The drug that follows %(drug)s") % {"drug": course.drug_label},
                              [("follow_on_drug", "follow_on_starts_on")])
