"""The access report's filters. Choices are built from lists the view already read (the manager's sites and
their staff), so checking a filter costs no query and a value outside them is refused beside its field."""
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from fls.date_input import ClinicDateField
from fls.dates import format_date
from patients.identifiers import national_number_labels
from patients.models import RecordAccessKind

# No access was logged before the service existed; a date before this is a slip of the keyboard (0001-01-01).
EARLIEST_ACCESS_DATE = date(2000, 1, 1)


class AccessReportFilterForm(forms.Form):
    """Filters read from the query string. The patient is its internal id, never a name or number (no patient
    identifiers in URLs): it is chosen through PatientLookupForm, which posts."""

    user = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    site = forms.TypedChoiceField(label=_("Site"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind of access"), required=False,
                             choices=[("", _("Any"))] + list(RecordAccessKind.choices))
    date_from = ClinicDateField(label=_("From"), required=False)
    date_to = ClinicDateField(label=_("To"), required=False)
    patient = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, data, *, sites, staff):
        super().__init__(data)
        self.fields["site"].choices = [("", _("All my sites"))] + [(site.pk, site.name) for site in sites]
        self.fields["user"].choices = [("", _("Anyone"))] + [
            (person.pk, f"{person.get_full_name() or person.username} ({person.username})") for person in staff
        ]

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        today = timezone.localdate()
        if value is not None and not (EARLIEST_ACCESS_DATE <= value <= today):
            raise forms.ValidationError(
                _("Enter a date between %(first)s and today.")
                % {"first": format_date(EARLIEST_ACCESS_DATE)}, code="date_range")
        return value

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def period(self) -> tuple[datetime | None, datetime | None]:
        """The chosen days as a half-open range of aware datetimes: from the first day's start (local time) to
        the start of the day after the last."""
        zone = timezone.get_current_timezone()
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        return (datetime.combine(start, time.min, tzinfo=zone) if start else None,
                datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None)


class PatientLookupForm(forms.Form):
    """A hospital number or national number (NHS number...), typed: posted, never put in the URL."""

    number = forms.CharField(label=_("Patient's hospital number"), max_length=30)

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Named by the sites' identifier schemes; only the hospital number where none records a national number.
        self.national_numbers = " / ".join(national_number_labels(sites))
        if self.national_numbers:
            self.fields["number"].label = gettext("Patient's hospital number or %(numbers)s") % {
                "numbers": self.national_numbers}

    def not_found(self) -> str:
        if self.national_numbers:
            return gettext("No patient at your sites has that hospital number or %(numbers)s.") % {
                "numbers": self.national_numbers}
        return gettext("No patient at your sites has that hospital number.")
