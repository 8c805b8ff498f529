"""Many new rows at once, each with its history row: the bulk writes of the patient import
(patients.services.fractures_import), where bulk_create's own preparation of every value (and a model
instance for every history row) took most of the time, and PostgreSQL's parsing of a large INSERT much
of the rest (BENCHMARKS.md, "Bulk import").

On PostgreSQL the rows go in by COPY, ids taken from the table's sequence first; values are written as
COPY's text format does for text, numbers, dates, times, booleans and foreign-key ids: use it only for
models of such fields (no JSON, no custom fields). Elsewhere (SQLite) it is bulk_create and
simple-history's bulk_history_create."""
import io
from datetime import date, datetime

from django.db import connection
from django.utils import timezone

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _auto_dates(model, objs, now) -> None:
    """What pre_save does on an INSERT: auto_now(_add) fields take the time (if not already set)."""
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)


def _copy_text(value) -> str:
    """A value as COPY's text format writes it."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


def _insert(table: str, pk_column: str, columns: list[str], rows: list[tuple], *, with_ids: bool) -> list[int]:
    """COPY the rows in (PostgreSQL's fastest way in: no statement to parse per row). With `with_ids`,
    their ids are taken from the table's sequence first and returned, in order."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        ids = []
        if with_ids:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(table), pk_column, len(rows)])
            ids = [pk for (pk,) in cursor.fetchall()]
            columns = [pk_column, *columns]
            rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        text = io.StringIO("".join("\t".join(map(_copy_text, row)) + "\n" for row in rows))
        # Through Django's error wrapper, so a refused row is django.db.IntegrityError as with the ORM.
        with connection.wrap_database_errors:
            cursor.cursor.copy_expert(
                f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN", text,
            )
    return ids


def insert_many(model, objs: list) -> None:
    """bulk_create(objs), setting each one's id, in file order."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._base_manager.bulk_create(objs)
        return
    _auto_dates(model, objs, timezone.now())
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    attnames = [field.attname for field in fields]
    ids = _insert(model._meta.db_table, model._meta.pk.column, [field.column for field in fields],
                  [tuple(getattr(obj, name) for name in attnames) for obj in objs], with_ids=True)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_history(model, objs: list, *, user, history_type: str = "+") -> None:
    """The history row simple-history's post_save would write for each saved object (`+` created,
    `~` changed), acted by `user`: the tracked fields as they are now."""
    if not objs:
        return
    history = model.history.model
    if connection.vendor != "postgresql":
        for obj in objs:
            obj._history_user = user
        model.history.bulk_history_create(objs, update=history_type == "~", default_user=user)
        return
    now = timezone.now()
    set_by_history = {
        "history_date": now, "history_change_reason": None, "history_type": history_type,
        "history_user_id": user.pk if user is not None else None,
    }
    fields = [field for field in history._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    rows = [
        tuple(set_by_history[field.attname] if field.attname in set_by_history else getattr(obj, field.attname)
              for field in fields)
        for obj in objs
    ]
    _insert(history._meta.db_table, history._meta.pk.column, columns, rows, with_ids=False)
