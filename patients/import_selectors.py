"""Reads for the bulk import pages, scoped to the user's sites (fls.selectors.visible_site_ids)."""
from django.db.models import QuerySet
from django.http import Http404

from fls.csvread import normalise_column
from fls.selectors import visible_site_ids

from .importing import import_batch_rows, import_batch_table
from .models import ImportBatch, Patient

PROBLEMS_SHOWN = 500


def import_batches_visible_to(user) -> QuerySet[ImportBatch]:
    # The problem list can be megabytes: load it only where a page needs it.
    return (
        ImportBatch.objects.filter(site_id__in=visible_site_ids(user))
        .select_related("site", "uploaded_by")
        .defer("problems")
    )


def recent_import_batches(user, limit: int = 50) -> QuerySet[ImportBatch]:
    return import_batches_visible_to(user).order_by("-created_at", "-id")[:limit]


def import_batch_for_user(user, pk: int, *, with_problems: bool = False) -> ImportBatch:
    """The batch if it belongs to one of the user's sites; 404 otherwise (never 403: no existence leak)."""
    qs = import_batches_visible_to(user)
    if with_problems:
        qs = qs.defer(None)
    batch = qs.filter(pk=pk).first()
    if batch is None:
        raise Http404("No such import.")
    return batch


def earlier_import_of_same_file(batch: ImportBatch) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(site_id=batch.site_id, content_sha256=batch.content_sha256, id__lt=batch.id)
        .only("id", "created_at", "filename")
        .order_by("-id")
        .first()
    )


def problems_by_row(batch: ImportBatch) -> dict[int, list[dict]]:
    rows: dict[int, list[dict]] = {}
    for problem in batch.problems:
        rows.setdefault(problem["row"], []).append(problem)
    return rows


def rejected_rows(batch: ImportBatch) -> tuple[list[str], list[list[str]]]:
    """The rejected rows as they were in the file, with a last column saying what is wrong, so the
    file can be corrected and uploaded again (the extra column is ignored on import)."""
    table = import_batch_table(batch)
    by_row = problems_by_row(batch)
    # A file that is itself a corrected rejected-rows file already has a problems column: replace it.
    keep = [i for i, name in enumerate(table.columns) if name != "problems"]
    header = [table.header[i] for i in keep] + ["problems"]
    rows = []
    for row_number, cells in import_batch_rows(batch):
        if row_number in by_row:
            summary = "; ".join(
                f"{p['column']}: {p['message']}" if p["column"] else p["message"] for p in by_row[row_number]
            )
            padded = cells + [""] * (len(table.columns) - len(cells))
            # Cells beyond the header (an unquoted comma) go after the problems, so columns line up.
            rows.append([padded[i] for i in keep] + [summary] + padded[len(table.columns):])
    return header, rows


def patients_named_in_rows(batch: ImportBatch, header: list[str], rows: list[list[str]], chunk_size: int = 2000):
    """The patients of the batch's site that rows of its file (the rejected rows, say) name by hospital number, a
    chunk of rows per query: a rejected row can be a known patient's (a second fracture with a mistyped date)."""
    column = next((i for i, name in enumerate(header) if normalise_column(name) == "local_id"), None)
    if column is None:
        return
    for start in range(0, len(rows), chunk_size):
        numbers = {row[column].strip() for row in rows[start:start + chunk_size] if len(row) > column}
        yield from Patient.objects.filter(site_id=batch.site_id, local_id__in=numbers - {""}).only("id", "site_id")
