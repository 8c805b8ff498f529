"""A service's ValidationError shown on the form that called it: each message beside the field it names (a field
the form does not have, and a message naming none, at the top of the form). Every app's views use this one."""
from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
