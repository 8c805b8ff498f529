"""Crispy (Bootstrap 5) forms for recording a follow-up contact and editing a site's schedule.
Errors from the services are shown beside their fields."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fls.date_input import ClinicDateField, ClinicModelForm
from fls.dates import PlausibleDate
from fls.versioning import VersionField
from patients.models import FractureSite, Mechanism, Side

from .models import Adherence, ContactMethod, FollowUpContact, FollowUpSettings


def _helper(layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = layout
    return helper


class ContactForm(ClinicModelForm):
    """One attempt to reach the patient. `version` is the follow-up's version the nurse saw."""

    version = VersionField()
    reached = forms.TypedChoiceField(
        label=_("Patient reached?"),
        choices=[("yes", _("Yes, spoke to / saw the patient")), ("no", _("No answer / not reached"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
    )
    new_fracture_date = ClinicDateField(label=_("Date of the new fracture"), required=False,
                                        validators=[PlausibleDate()])
    new_fracture_site = forms.ChoiceField(label=_("Bone broken"), choices=[("", "---------"), *FractureSite.choices], required=False)
    new_fracture_side = forms.ChoiceField(label=_("Side"), choices=Side.choices, required=False, initial=Side.UNKNOWN)
    new_fracture_mechanism = forms.ChoiceField(label=_("How it happened"), choices=[("", "---------"), *Mechanism.choices],
                                               required=False)
    # Shown once the date was refused as outside the window (followup.services.contact_record): the nurse confirms it.
    confirm_outside_window = forms.BooleanField(label=_("Record it outside the window"), required=False)

    class Meta:
        model = FollowUpContact
        fields = [
            "contacted_on", "method", "reached", "adherence", "stopped_reason", "stopped_reason_other",
            "falls_since_last_contact", "strength_balance_started_on", "new_fracture", "notes", "next_action",
        ]
        widgets = {
            "adherence": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"strength_balance_started_on": _("Leave empty if not started.")}

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate()
        self.fields["method"].initial = follow_up.planned_method
        self.fields["version"].initial = follow_up.version
        self.fields["adherence"].choices = list(Adherence.choices)
        self.fields["adherence"].required = False
        # Hidden until the date is refused as outside the window; kept in view once ticked.
        self._confirm = Div("confirm_outside_window", css_class="" if self.data.get("confirm_outside_window") else "d-none",
                            css_id="confirm-outside-window")
        self.helper = _helper(Layout(
            Fieldset(_("Contact"), Row(Column("contacted_on", css_class="col-md-4"), Column("method", css_class="col-md-4"),
                                    Column("reached", css_class="col-md-4")), self._confirm),
            Div(
                Fieldset(_("Treatment"), Row(Column("adherence", css_class="col-md-4"),
                                          Column("stopped_reason", css_class="col-md-4"),
                                          Column("stopped_reason_other", css_class="col-md-4"))),
                Fieldset(_("Falls and exercise"), Row(Column("falls_since_last_contact", css_class="col-md-4"),
                                                   Column("strength_balance_started_on", css_class="col-md-4"))),
                Fieldset(_("New fracture"),
                         "new_fracture",
                         Row(Column("new_fracture_date", css_class="col-md-3"), Column("new_fracture_site", css_class="col-md-3"),
                             Column("new_fracture_side", css_class="col-md-3"),
                             Column("new_fracture_mechanism", css_class="col-md-3")),
                         HTML(format_html('<p class="small text-muted">{}</p>', _(
                             "A new fracture starts a new episode, linked to this one as a refracture.")))),
                css_id="reached-part",
            ),
            Fieldset(_("Notes"), Row(Column("notes", css_class="col-md-8"), Column("next_action", css_class="col-md-4"))),
            "version",
        ))


    def ask_to_confirm_outside_window(self) -> None:
        """The date was refused as outside the window: show the box that confirms it."""
        self._confirm.css_class = ""


class SettingsForm(ClinicModelForm):
    version = VersionField()

    class Meta:
        model = FollowUpSettings
        fields = [
            "anchor", "week_4_opens", "week_4_due", "week_4_closes", "week_12_opens", "week_12_due", "week_12_closes",
            "week_52_opens", "week_52_due", "week_52_closes", "failed_attempt_limit", "scan_time",
        ]
        widgets = {"scan_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), "anchor": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        rows = [Row(*[Column(f"{kind}_{part}", css_class="col-md-4") for part in ("opens", "due", "closes")])
                for kind in ("week_4", "week_12", "week_52")]
        self.helper = _helper(Layout(
            Fieldset(_("Count from"), "anchor"),
            Fieldset(_("Windows (weeks from the date above)"), *rows),
            Fieldset(_("Reminders"), Row(Column("failed_attempt_limit", css_class="col-md-6"),
                                      Column("scan_time", css_class="col-md-6"))),
            "version",
        ))


class MethodForm(forms.Form):
    planned_method = forms.ChoiceField(label=_("Next contact by"), choices=ContactMethod.choices,
                                       widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
