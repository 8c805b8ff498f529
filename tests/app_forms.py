"""Every field of every form the apps define, for the tests that check how fields are typed (dates, numbers)."""
import importlib
import inspect

from django import forms

APPS_WITH_FORMS = ("patients", "assessments", "followup", "treatment", "claims", "audit", "casefinding")


def app_form_fields():
    """(app, form's name, field's name, field) for each field of each form class defined in an app's forms.py."""
    for app in APPS_WITH_FORMS:
        module = importlib.import_module(f"{app}.forms")
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for field_name, field in form.base_fields.items():
                    yield app, name, field_name, field
