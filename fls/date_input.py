"""Date and number fields as the clinic types them.

Dates, typed in the site's country's order (issues 18 and 20): a text box showing the pattern
(DD/MM/YYYY in the UK, YYYY/MM/DD in Japan, MM/DD/YYYY in the US) instead of the browser's date picker, whose
order follows the browser's language. How a date is typed is fls.dates.date_entry(), read when the form is
drawn and when it is checked, so the page that loads a record (its site's country) decides for every field.

    class ContactForm(ClinicModelForm): ...            # every DateField of the model gets a ClinicDateField
    stopped_on = ClinicDateField(label=_("Date stopped"))

Numbers (issue 20): ClinicModelForm gives a model's DecimalField, IntegerField (and its Positive, Small and Big
kinds) and FloatField a text box that keeps what was typed and says beside it what is not a number
(fls.number_input), never the browser's <input type=number>, which dropped what it could not read.
"""
from datetime import date, datetime

from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.functional import lazy
from django.utils.translation import gettext

from .dates import date_entry
from .number_input import ClinicDecimalField, ClinicFloatField, ClinicIntegerField, validator_limits


class ClinicDateInput(forms.TextInput):
    """A text box for a date: a number pad on phones, the pattern as its placeholder, the value in the order
    dates are typed here (a value typed and refused is shown back as typed)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false", "maxlength": "20",
                          **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return date_entry().format(value)
        if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" == value[7:8]:
            try:  # an initial given as YYYY-MM-DD
                return date_entry().format(date.fromisoformat(value))
            except ValueError:
                pass
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        pattern = date_entry().pattern
        context["widget"]["attrs"].setdefault("placeholder", pattern)
        context["widget"]["attrs"]["data-date-pattern"] = pattern
        return context


def _with_pattern(own) -> str:
    entry = date_entry()
    hint = gettext("Type the date as %(pattern)s.") % {"pattern": entry.pattern}
    if entry.eras:
        era = gettext("A Japanese era date works too (昭和16年3月9日).")
        hint = f"{hint} {era}"
    return f"{own} {hint}" if own else hint


# Read when the page is drawn, so it names the pattern of the record the page is about.
_pattern_help = lazy(_with_pattern, str)


class ClinicDateField(forms.DateField):
    """A date typed as fls.dates.date_entry() says (YYYY-MM-DD always works too); a text that is not one is
    refused beside the field with the pattern and an example. Its help text names the pattern, after any of
    its own."""

    widget = ClinicDateInput

    def __init__(self, **kwargs):
        kwargs.pop("input_formats", None)
        super().__init__(**kwargs)

    @property
    def help_text(self):
        return _pattern_help(self._own_help_text)

    @help_text.setter
    def help_text(self, value):
        self._own_help_text = value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return date_entry().parse(value)


def clinic_formfield(db_field, **kwargs):
    """A ModelForm's formfield_callback: a model's DateField becomes a ClinicDateField, its DecimalField a
    ClinicDecimalField, its IntegerField (any kind but an AutoField) a ClinicIntegerField and its FloatField a
    ClinicFloatField. A widget the form names for such a field is replaced, but for a HiddenInput (a number kept in
    the page, not typed). A field with choices stays Django's choice field; every other field as Django makes it."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.pop("widget", None)
        return db_field.formfield(form_class=ClinicDateField, **kwargs)
    form_class = _number_field(db_field)
    if form_class is not None:
        widget = kwargs.pop("widget", None)
        if widget is not None and _is_hidden(widget):
            kwargs["widget"] = widget
        return db_field.formfield(form_class=form_class, **{**_limits(db_field), **kwargs})
    return db_field.formfield(**kwargs)


def _number_field(db_field):
    if db_field.choices is not None or isinstance(db_field, models.fields.AutoFieldMixin):
        return None
    if isinstance(db_field, models.DecimalField):
        return ClinicDecimalField
    if isinstance(db_field, models.IntegerField):
        return ClinicIntegerField
    if isinstance(db_field, models.FloatField):
        return ClinicFloatField
    return None


def _is_hidden(widget) -> bool:
    return issubclass(widget, forms.HiddenInput) if isinstance(widget, type) else isinstance(widget, forms.HiddenInput)


def _limits(db_field) -> dict:
    """The model's own lowest and highest values (its Min/MaxValueValidators, the database's range for an
    integer) as the form field's min_value and max_value: checked, with Django's message, beside the field,
    and the example in a refusal chosen inside them."""
    low, high = validator_limits(db_field.validators)
    return {name: limit for name, limit in (("min_value", low), ("max_value", high)) if limit is not None}


class _ClinicModelFormMetaclass(ModelFormMetaclass):
    # Django reads formfield_callback from the form's own Meta only: each subclass's Meta is given ours.
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(clinic_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ClinicModelForm(forms.ModelForm, metaclass=_ClinicModelFormMetaclass):
    """A ModelForm whose date fields are typed as the site's country types them (ClinicDateField) and whose
    number fields are text boxes that keep what was typed (fls.number_input)."""
