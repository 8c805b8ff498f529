"""No lost update (style.md): an edit form carries the version of the record it was built from,
and saving over a newer version is refused with a message saying what others changed.

Every versioned clinical model has a `version` integer and django-simple-history."""
from django.core.exceptions import ValidationError


class StaleRecord(ValidationError):
    """Someone saved the record after this form was opened; saving would overwrite their change."""

    def __init__(self, changed_fields: list[str]):
        self.changed_fields = changed_fields
        names = ", ".join(changed_fields) or "the record"
        super().__init__(
            f"Someone else changed this record while you were editing it ({names}). "
            "Your changes were not saved: review the current values and make your change again.",
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
    return sorted(verbose.get(name, name) for name in changed) or ["the record"]


def refuse_if_stale(locked, expected_version: int) -> None:
    """Raise StaleRecord when the (row-locked) record has moved on since the form was built."""
    if locked.version != expected_version:
        raise StaleRecord(changed_since(locked, expected_version))
