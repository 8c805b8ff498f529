"""Many new rows in one INSERT … RETURNING id, each with its history row: the bulk writes of the patient
import (patients.services.fractures_import), where bulk_create's own preparation of every value (and a
model instance for every history row) took most of the time (BENCHMARKS.md, "Bulk import").

On PostgreSQL the values go as they are to psycopg2's execute_values, which adapts text, numbers, dates,
times, booleans and foreign-key ids itself: use it only for models of such fields (no JSON, no custom
fields). Elsewhere (SQLite) it is bulk_create and simple-history's bulk_history_create."""
from django.db import connection
from django.utils import timezone
from psycopg2.extras import execute_values

PAGE_ROWS = 1000


def _auto_dates(model, objs, now) -> None:
    """What pre_save does on an INSERT: auto_now(_add) fields take the time (if not already set)."""
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)


def _insert(table: str, pk_column: str, columns: list[str], rows: list[tuple]) -> list[int]:
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES %s "
           f"RETURNING {quote(pk_column)}")
    with connection.cursor() as cursor:
        return [pk for (pk,) in execute_values(cursor.cursor, sql, rows, page_size=PAGE_ROWS, fetch=True)]


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
                  [tuple(getattr(obj, name) for name in attnames) for obj in objs])
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
    _insert(history._meta.db_table, history._meta.pk.column, columns, rows)
