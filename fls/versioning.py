"""No lost update (style.md): an edit form carries the version of the record it was built from,
and saving over a newer version is refused with a message saying what others changed.

Every versioned clinical model has a `version` integer and django-simple-history."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# The version a form for a record that does not exist yet carries. Every record is saved with version 1 or
# more, so a save from such a form finds a record created meanwhile by someone else, and is refused as an
# edit over a newer change is (two people making the first save at once).
NO_RECORD = 0


class VersionField(forms.IntegerField):
    """The hidden field carrying the version the form was built from; a value no version can have (negative,
    beyond the database's integer) is refused by the form, not by the database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        super().__init__(min_value=0, max_value=2_147_483_647, **kwargs)


class StaleRecord(ValidationError):
    """Someone saved the record after this form was opened; saving would overwrite their change."""

    def __init__(self, changed_fields: list[str]):
        self.changed_fields = changed_fields
        names = ", ".join(changed_fields) or gettext("the record")
        super().__init__(
            gettext("Someone else changed this record while you were editing it (%(names)s). "
                    "Your changes were not saved: review the current values and make your change again.")
            % {"names": names},
            code="stale",
        )


def changed_since(instance, expected_version: int) -> list[str]:
    """Labels of the fields others changed since `expected_version`, read from the record's history."""
    current = type(instance).objects.get(pk=instance.pk)
    if current.version == expected_version:
        return []
    records = list(current.history.order_by("-history_date", "-history_id")[: current.version - expected_version + 1])
    changed = set()
    for newer, older in zip(records, records[1:]):
        changed.update(newer.diff_against(older).changed_fields)
    verbose = {f.name: str(f.verbose_name) for f in type(instance)._meta.fields}
    return sorted(verbose.get(name, name) for name in changed) or [gettext("the record")]


def refuse_if_stale(locked, expected_version: int) -> None:
    """Raise StaleRecord when the (row-locked) record has moved on since the form was built: a form built with
    NO_RECORD is refused by any record, as none has version 0. With no record (None) there is nothing newer to
    refuse: a first save goes on, and fls.records.record_create refuses it if one is made meanwhile."""
    if locked is not None and locked.version != expected_version:
        raise StaleRecord(changed_since(locked, expected_version))
