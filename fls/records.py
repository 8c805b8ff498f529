"""One write helper for every clinical record (style.md, "One write helper", after HackSoft's model_update):
lock the row, check the version the user saw (fls.versioning), set the fields, bump the version, record the
acting user in the record's history, save.

    record_update   an edit of a record the caller names: all of the above, in one call.
    record_create   the first save of the one record a lookup names (an episode's assessment, its decision):
                    a record made meanwhile by someone else refuses it, as a newer save refuses an edit.
    record_lock     the lock and the version check alone, for a service that must look at the locked record
    record_save     before it knows what to set (a pathway move, a sign-off), then the rest.

Each runs in the caller's transaction, so whatever else the service writes (a pathway event, another record)
commits or rolls back with the record. simple-history takes the acting user from `_history_user`, set here on
every save: a save by the system (by=None) is recorded as no one's, even inside someone's request."""
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet

from .versioning import NO_RECORD, StaleRecord, changed_since, refuse_if_stale


def _queryset(model_or_queryset) -> QuerySet:
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def _is_versioned(record: Model) -> bool:
    return any(field.name == "version" for field in record._meta.concrete_fields)


def record_lock(model_or_queryset, *, expected_version: int | None = None, or_none: bool = False, **lookup):
    """The record `lookup` names, row-locked until the transaction ends (a queryset may bring related rows,
    locked with it). With `or_none`, None when there is none (a record not made yet); without, DoesNotExist.

    With `expected_version`, the version the user's form was built from, refused (StaleRecord, naming what
    changed) when the record has moved on since, including when the form was built with NO_RECORD and the
    record exists now."""
    locked = _queryset(model_or_queryset).select_for_update()
    record = locked.filter(**lookup).first() if or_none else locked.get(**lookup)
    if expected_version is not None:
        refuse_if_stale(record, expected_version)
    return record


def record_save(record: Model, *, by, fields: dict | None = None, validate=None) -> Model:
    """Set `fields` on a record (new, or locked by record_lock), check it with `validate(record)` (which raises
    ValidationError), bump the version of one already saved, and save it with `by` as its history's user."""
    for name, value in (fields or {}).items():
        setattr(record, name, value)
    if validate is not None:
        validate(record)
    if not record._state.adding and _is_versioned(record):
        record.version += 1
    record._history_user = by
    record.save()
    return record


def record_update(model_or_record, *, pk=None, expected_version: int | None, fields: dict, by,
                  validate=None) -> Model:
    """Edit a record: lock it, refuse it when stale (expected_version None: no form version to defend, as
    for a system move), set `fields`, check, bump the version, save with `by` in its history. Given a record,
    its own object is left as it was: the saved one is returned."""
    if isinstance(model_or_record, Model):
        model_or_record, pk = type(model_or_record), model_or_record.pk
    # A savepoint: a refused edit leaves the caller's transaction usable (to show the form again).
    with transaction.atomic():
        locked = record_lock(model_or_record, expected_version=expected_version, pk=pk)
        return record_save(locked, by=by, fields=fields, validate=validate)


def record_create(model, *, lookup: dict, fields: dict, by, expected_version: int | None = NO_RECORD,
                  validate=None) -> Model:
    """The first save of the one record `lookup` names (unique in the database: a one-to-one), once
    record_lock(…, or_none=True) has found none.

    Two first saves at once: the lock found no row to wait on, so the database's unique constraint decides.
    The second one's form was built with NO_RECORD, and it is refused (StaleRecord) like an edit over a newer
    save, never a server error. With expected_version None the caller defends no form (adding a blood result
    only needs the assessment to exist): the record made meanwhile is returned instead, locked."""
    record = model(**lookup, **fields)
    try:
        with transaction.atomic():
            record_save(record, by=by, validate=validate)
    except IntegrityError:
        made_meanwhile = record_lock(model, or_none=True, **lookup)
        if made_meanwhile is None:
            raise  # another constraint than the one-per-lookup: a fault, not a race
        if expected_version is None:
            return made_meanwhile
        raise StaleRecord(changed_since(made_meanwhile, expected_version)) from None
    return record
