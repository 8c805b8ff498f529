"""Bulk import of identified fractures from a CSV file (an ED or radiology list).

`import_batch_create` reads the uploaded file as a stream (fls.csvread, as the report intake does),
refuses one that cannot be read, and stores its rows in chunks of CHUNK_ROWS (ImportChunk) under a
queued ImportBatch: no process ever holds the whole file. `import_chunk_run` imports the next chunk; a Celery task runs one chunk and
queues the next (patients.tasks), so no task outlives the broker's visibility timeout, and
`manage.py import_patients` runs them all in-process (`import_batch_run`).

A chunk is imported in one transaction together with the batch's counters and problems: a worker
killed mid-chunk loses that chunk and its counters together, and whoever runs the batch next
carries on from `chunks_done`. The batch row is locked for the chunk (SKIP LOCKED: a second task
finding it locked steps aside), and its lease says which task may run it: the one holding the
token, or anyone once the lease has expired (a dead worker's batch is taken over). Beat's sweep
(`import_batches_sweep`) re-dispatches a batch that has gone quiet, whether the queue could not
be reached at upload or a worker died. Running a finished batch again changes nothing; importing
the same file again creates nothing new, because every row is matched to the patient (hospital
number) and episode (fracture date, site and side) it would create.

Speed: a chunk's rows are checked in Python with the models' own rules, its patients and their
episodes are read in one query each, and what it creates is written with one INSERT per table
(patients, episodes, their history, pathway events: patients.services.fractures_import). Each row
is still imported whole or not at all: a chunk the database refuses (a constraint, a row another
import has just written) is rolled back to its savepoint and imported again one row at a time.

Cells are stored exactly as given, formula-looking ones included; files we write go through
fls.csvsafe. Logs carry batch ids and row numbers only, never a patient's identifiers.
"""
import hashlib
import io
import logging
import re
import traceback
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Func, JSONField, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _, pgettext_lazy

from fls.csvread import (
    CsvColumns, CsvTable, file_encoding, file_size, parse_date, read_blocks, read_rows, refuse_if_too_large,
    shown_cell,
)
from fls.csvsafe import csv_unescape
from fls.selectors import visible_site_ids

from .models import (
    FractureEpisode, FractureSite, ImportBatch, ImportChunk, Mechanism, Patient, Sex, Side, Source,
)
from .services import fractures_import, previous_episode_among

logger = logging.getLogger(__name__)

COLUMNS = (
    "local_id", "nhs_number", "family_name", "given_name", "date_of_birth", "sex", "postcode",
    "gp_practice_code", "fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source",
)
# A list may leave these out (a radiology list often has no GP code); a missing side is "not known".
OPTIONAL_COLUMNS = frozenset({"nhs_number", "postcode", "gp_practice_code", "side"})
IMPORT_COLUMNS = CsvColumns(COLUMNS, OPTIONAL_COLUMNS)
REQUIRED_COLUMNS = IMPORT_COLUMNS.required
DATE_COLUMNS = ("date_of_birth", "fracture_date", "identified_on")
PATIENT_COLUMNS = ("local_id", "nhs_number", "family_name", "given_name", "date_of_birth", "sex", "postcode",
                   "gp_practice_code")
EPISODE_COLUMNS = ("fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source")

# 200,000 rows of a typical list are about 25 MB.
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
# Rows per chunk: per task and per transaction. A chunk takes well under a second, far inside any
# broker visibility timeout, and its rows (a few hundred kB) are all a process holds of the file.
CHUNK_ROWS = 1000

# Model field -> CSV column, where they differ.
_COLUMN_FOR_FIELD = {"national_id": "nhs_number", NON_FIELD_ERRORS: "", "site": "", "patient": ""}
def _key(text: str) -> str:
    return " ".join(re.sub(r"[_\-]", " ", text).lower().split())


def _aliases(choices, extra: dict[str, str]) -> dict[str, str]:
    """Each choice by its stored value, its label and the parts of its label ("Wrist / distal
    radius" -> "wrist", "distal radius"), case-insensitively, plus the clinic's usual words. The labels are
    the English ones (the catalogue's own words), whatever language is active: a file reads the same for all."""
    table = {}
    with translation.override(None):
        labelled = [(value, str(label)) for value, label in choices]
    for value, label in labelled:
        for name in (value, label, *re.split(r"[/()]", label)):
            if _key(name):
                table.setdefault(_key(name), value)
    table.update({_key(name): value for name, value in extra.items()})
    return table


CHOICES = {
    "sex": (Sex, _aliases(Sex.choices, {"f": Sex.FEMALE, "m": Sex.MALE, "u": Sex.UNKNOWN})),
    "fracture_site": (FractureSite, _aliases(FractureSite.choices, {
        "neck of femur": FractureSite.HIP, "proximal femur": FractureSite.HIP, "femoral neck": FractureSite.HIP,
        "spine": FractureSite.VERTEBRA, "spinal": FractureSite.VERTEBRA, "vertebral": FractureSite.VERTEBRA,
        "radius": FractureSite.WRIST, "humeral": FractureSite.HUMERUS,
    })),
    "side": (Side, _aliases(Side.choices, {
        "l": Side.LEFT, "r": Side.RIGHT, "both": Side.BILATERAL, "n/a": Side.NOT_APPLICABLE,
    })),
    "mechanism": (Mechanism, _aliases(Mechanism.choices, {
        "low trauma": Mechanism.LOW_TRAUMA, "fragility": Mechanism.LOW_TRAUMA, "high trauma": Mechanism.HIGH_TRAUMA,
    })),
    "source": (Source, _aliases(Source.choices, {"a&e": Source.ED, "gp": Source.PRIMARY_CARE})),
}
# What a column's values are, in "“x” is not a known …".
_CHOICE_NAMES = {
    "sex": pgettext_lazy("import column", "sex"),
    "fracture_site": pgettext_lazy("import column", "fracture site"),
    "side": pgettext_lazy("import column", "side"),
    "mechanism": pgettext_lazy("import column", "mechanism"),
    "source": pgettext_lazy("import column", "source"),
}
# Where "not known" is a real answer, say so when the cell is empty.
_HINTED_REQUIRED = frozenset({"sex", "mechanism"})


# --- Creating a batch -----------------------------------------------------------------------


def _checksum(file) -> str:
    digest = hashlib.sha256()
    for block in read_blocks(file):
        digest.update(block)
    return digest.hexdigest()


def _lease_seconds() -> int:
    return settings.IMPORT_LEASE_SECONDS


def new_lease_token() -> str:
    return uuid.uuid4().hex


@transaction.atomic
def import_batch_create(*, site, by, filename: str, file=None, raw_bytes: bytes | None = None) -> ImportBatch:
    """Check the file can be imported and store its rows, chunk by chunk, as a queued batch
    (nothing is imported yet). `file` is a binary file object (an upload streamed to disk by
    Django, an open file); `raw_bytes` a small file in memory."""
    if site.id not in visible_site_ids(by):
        raise ValidationError(_("You can only import into a site you work at."), code="site")
    if file is None:
        file = io.BytesIO(raw_bytes or b"")
    refuse_if_too_large(file_size(file), MAX_UPLOAD_BYTES)
    table, rows = read_rows(file, file_encoding(file), IMPORT_COLUMNS)
    now = timezone.now()
    batch = ImportBatch.objects.create(
        site=site, uploaded_by=by, filename=(filename or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1][:255],
        header=table.header, delimiter=table.delimiter, content_sha256="",
        # Held for the task the upload is about to queue; the sweep takes over if it never runs.
        lease_token=new_lease_token(), lease_expires_at=now + timedelta(seconds=_lease_seconds()),
        last_activity_at=now,
    )
    rows_total = chunks_total = 0
    chunk = []
    for numbered in rows:
        chunk.append(numbered)
        if len(chunk) == CHUNK_ROWS:
            ImportChunk.objects.create(batch=batch, number=chunks_total, rows=chunk)
            rows_total, chunks_total, chunk = rows_total + len(chunk), chunks_total + 1, []
    if chunk:
        ImportChunk.objects.create(batch=batch, number=chunks_total, rows=chunk)
        rows_total, chunks_total = rows_total + len(chunk), chunks_total + 1
    if not rows_total:
        raise ValidationError(_("The file has a header row but no rows to import."), code="no_rows")
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows_total=rows_total, chunks_total=chunks_total, content_sha256=_checksum(file),
    )
    batch.refresh_from_db()
    logger.info("import batch %s created: %s rows in %s chunks for site %s", batch.id, rows_total, chunks_total, site.id)
    return batch


def import_batch_table(batch: ImportBatch) -> CsvTable:
    return IMPORT_COLUMNS.table(batch.header, batch.delimiter)


def import_batch_rows(batch: ImportBatch):
    """The batch's rows as stored, (row number, cells), in file order, a chunk at a time."""
    for rows in ImportChunk.objects.filter(batch=batch).order_by("number").values_list("rows", flat=True).iterator(
        chunk_size=1
    ):
        for row_number, cells in rows:
            yield row_number, cells


# --- Running a batch ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """What one call of import_chunk_run did: imported a chunk (`next_token` runs the next one, if
    `more`), found the batch finished, or stepped aside for another claim."""
    status: str
    more: bool = False
    next_token: str = ""


STEPPED_ASIDE = "stepped aside"


def import_chunk_run(*, batch_id: int, token: str) -> Step:
    """Import the batch's next chunk and commit it with the counters, if `token` holds the lease or
    the lease has expired. A batch another process is importing right now (its row locked) or that
    another live lease holds is left alone."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("site", "uploaded_by").defer("problems").filter(pk=batch_id).first()
        )
        if batch is None:
            return Step(STEPPED_ASIDE if ImportBatch.objects.filter(pk=batch_id).exists() else "missing")
        if batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
            return Step(batch.status)
        now = timezone.now()
        if token != batch.lease_token and batch.lease_expires_at and batch.lease_expires_at > now:
            logger.info("import batch %s: a task without the live lease stepped aside", batch_id)
            return Step(STEPPED_ASIDE)
        try:
            table = import_batch_table(batch)
        except ValidationError as exc:
            _finish(batch, status=ImportBatch.Status.FAILED, failure=" ".join(exc.messages))
            logger.warning("import batch %s could not be read", batch_id)
            return Step(ImportBatch.Status.FAILED)
        rows = ImportChunk.objects.filter(batch=batch, number=batch.chunks_done).values_list("rows", flat=True).first()
        if rows is None:
            _finish(batch, status=ImportBatch.Status.DONE)
            return Step(ImportBatch.Status.DONE)
        counts, problems = import_rows(batch, table, rows)
        finished = batch.chunks_done + 1 >= batch.chunks_total
        next_token = "" if finished else new_lease_token()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE if finished else ImportBatch.Status.RUNNING,
            finished_at=now if finished else None,
            chunks_done=F("chunks_done") + 1,
            rows_done=F("rows_done") + len(rows),
            imported=F("imported") + counts[IMPORTED],
            duplicates=F("duplicates") + counts[DUPLICATE],
            rejected=F("rejected") + counts[REJECTED],
            lease_token=next_token,
            lease_expires_at=None if finished else now + timedelta(seconds=_lease_seconds()),
            last_activity_at=now, dispatch_failed_at=None,
            **_appended_problems(batch.pk, problems),
        )
    if finished:
        batch.refresh_from_db()
        logger.info(
            "import batch %s done: %s rows, %s imported, %s duplicates, %s rejected",
            batch.id, batch.rows_total, batch.imported, batch.duplicates, batch.rejected,
        )
        return Step(ImportBatch.Status.DONE)
    return Step(ImportBatch.Status.RUNNING, more=True, next_token=next_token)


def _finish(batch: ImportBatch, *, status: str, failure: str = "") -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, failure=failure, finished_at=timezone.now(), lease_token="", lease_expires_at=None,
        last_activity_at=timezone.now(),
    )


def import_batch_run(batch_id: int) -> ImportBatch:
    """Import every remaining chunk of the batch in this process (the management command; tests).
    It takes the batch's current lease, so run it only where no worker is running the batch."""
    token = ImportBatch.objects.values_list("lease_token", flat=True).get(pk=batch_id)
    step = Step("", more=True, next_token=token)
    while step.more:
        step = import_chunk_run(batch_id=batch_id, token=step.next_token)
    return ImportBatch.objects.select_related("site", "uploaded_by").get(pk=batch_id)


def _appended_problems(batch_id: int, problems: list[dict]) -> dict:
    """An update that adds `problems` to the batch's list without reading it back (a big file's
    list is rewritten every chunk otherwise). PostgreSQL appends in place; others rewrite."""
    if not problems:
        return {}
    if connection.vendor == "postgresql":
        return {"problems": Func(
            F("problems"), Value(problems, output_field=JSONField()),
            template="(%(expressions)s)", arg_joiner=" || ", output_field=JSONField(),
        )}
    current = ImportBatch.objects.values_list("problems", flat=True).get(pk=batch_id)
    return {"problems": current + problems}


# --- Handing batches to the worker, and the sweep ---------------------------------------------


def import_batch_dispatch_failed(*, batch_id: int) -> None:
    """The queue could not be reached to hand the batch over: say so on its page. The sweep hands
    it over again once the queue answers."""
    now = timezone.now()
    # No task holds the lease now: the sweep may hand the batch over once it has been quiet long enough.
    ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
    ).update(dispatch_failed_at=now, lease_expires_at=now)


def import_batches_sweep(*, idle_for: timedelta | None = None, limit: int = 100) -> list[tuple[int, str]]:
    """The unfinished batches nothing is working on — queued or running, idle for `idle_for`
    (IMPORT_SWEEP_AFTER_SECONDS) with no live lease — each claimed with a new lease token by a
    conditional UPDATE, so two sweeps never hand one batch over twice. Returns (batch id, token)
    pairs for the caller to queue."""
    now = timezone.now()
    idle_for = idle_for if idle_for is not None else timedelta(seconds=settings.IMPORT_SWEEP_AFTER_SECONDS)
    quiet = (
        ImportBatch.objects.filter(
            status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING],
            last_activity_at__lte=now - idle_for,
        )
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))
        .order_by("last_activity_at", "id")
        .values_list("id", "last_activity_at")[:limit]
    )
    claimed = []
    for batch_id, last_activity_at in list(quiet):
        token = new_lease_token()
        won = ImportBatch.objects.filter(
            pk=batch_id, last_activity_at=last_activity_at,
            status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING],
        ).filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)).update(
            lease_token=token, lease_expires_at=now + timedelta(seconds=_lease_seconds()), last_activity_at=now,
        )
        if won:
            claimed.append((batch_id, token))
    if claimed:
        logger.info("import sweep: handing %s quiet batches to the worker again: %s", len(claimed),
                    [batch_id for batch_id, _ in claimed])
    return claimed


# --- Rows -------------------------------------------------------------------------------------

IMPORTED, DUPLICATE, REJECTED = "imported", "duplicates", "rejected"


class RowRejected(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems


def _problems_from(exc: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [
        (_COLUMN_FOR_FIELD.get(field, field), message)
        for field, errors in exc.message_dict.items()
        for message in errors
    ]


def _parse_choice(column: str, text: str) -> str:
    choices, aliases = CHOICES[column]
    value = aliases.get(_key(text))
    if value is None:
        raise ValueError(_("“%(value)s” is not a known %(what)s: use one of %(choices)s.") % {
            "value": shown_cell(text), "what": _CHOICE_NAMES[column], "choices": ", ".join(choices.values),
        })
    return value


def _parse_cells(table: CsvTable, cells: list[str]) -> tuple[dict, list[tuple[str, str]]]:
    """The row's values by column, converted, and the problems found in the cells themselves."""
    extra = table.extra_cells_problem(cells)
    problems = [("", extra)] if extra else []
    raw = table.cells_by_column(cells)
    values = {}
    for column in COLUMNS:
        # A cell we escaped in a rejected-rows file comes back as it was first given.
        text = csv_unescape(raw.get(column, "").strip())
        if not text:
            if column in REQUIRED_COLUMNS:
                problems.append((column, _("This value is required (use “unknown” if it is not known).")
                                 if column in _HINTED_REQUIRED else _("This value is required.")))
            elif column == "side":
                values[column] = Side.UNKNOWN
            else:
                values[column] = ""
            continue
        try:
            if column in DATE_COLUMNS:
                values[column] = parse_date(text)
            elif column in CHOICES:
                values[column] = _parse_choice(column, text)
            else:
                values[column] = text
        except ValueError as exc:
            problems.append((column, str(exc)))
    return values, problems


_PATIENT_GIVEN = {"local_id", "national_id", "family_name", "given_name", "date_of_birth", "sex", "postcode",
                  "gp_practice_code"}
_PATIENT_UNGIVEN = frozenset(f.name for f in Patient._meta.fields) - _PATIENT_GIVEN
_EPISODE_UNGIVEN = frozenset(f.name for f in FractureEpisode._meta.fields) - set(EPISODE_COLUMNS)


@dataclass
class CheckedRow:
    """A row whose cells passed the models' own rules: the patient and episode it describes (unsaved)."""
    row_number: int
    patient: Patient
    episode: FractureEpisode


def check_row(site, table: CsvTable, row_number: int, cells: list[str]) -> CheckedRow:
    """The row's patient and episode, validated with the models' own rules (the national number by the site's
    identifier scheme, refused where the site has none; dates not in the future...), or RowRejected with each
    problem once."""
    values, problems = _parse_cells(table, cells)
    patient_fields = {
        "local_id": values.get("local_id"), "national_id": values.get("nhs_number"),
        "family_name": values.get("family_name"), "given_name": values.get("given_name"),
        "date_of_birth": values.get("date_of_birth"), "sex": values.get("sex"),
        "postcode": values.get("postcode"), "gp_practice_code": values.get("gp_practice_code"),
    }
    episode_fields = {name: values.get(name) for name in EPISODE_COLUMNS}
    # Skip the cells already found wrong, so each problem is reported once.
    failed = {column for column, _ in problems}
    patient = Patient(site=site, **patient_fields)
    episode = FractureEpisode(patient=patient, site=site, **episode_fields)
    # Only the fields the file gives: the others keep their defaults, and the site is the batch's
    # own (checking that it exists would cost a query a row).
    for instance, exclude in (
        (patient, _PATIENT_UNGIVEN | {f for f in patient_fields if _COLUMN_FOR_FIELD.get(f, f) in failed}),
        (episode, _EPISODE_UNGIVEN | {f for f in episode_fields if f in failed}),
    ):
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.extend(_problems_from(exc))
    if problems:
        raise RowRejected(problems)
    return CheckedRow(row_number=row_number, patient=patient, episode=episode)


def _rejection(row_number: int, problems: list[tuple[str, str]]) -> list[dict]:
    return [{"row": row_number, "column": column, "message": message} for column, message in problems]


def import_rows(batch: ImportBatch, table: CsvTable, rows: list) -> tuple[dict, list[dict]]:
    """Import a chunk's rows, each whole or not at all, in the caller's transaction. Returns the
    counts by outcome and the problems, in row order."""
    counts = {IMPORTED: 0, DUPLICATE: 0, REJECTED: 0}
    outcomes: dict[int, str | list[dict]] = {}
    checked = []
    for row_number, cells in rows:
        try:
            checked.append(check_row(batch.site, table, row_number, cells))
        except RowRejected as exc:
            outcomes[row_number] = _rejection(row_number, exc.problems)
    cells_of = dict((row_number, cells) for row_number, cells in rows)
    try:
        with transaction.atomic():
            decided = _import_checked(batch, checked)
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable: the task retries, the chunk is redone
    except Exception as exc:
        # A constraint (another import wrote one of these patients a moment ago), or a row the
        # database refuses: the savepoint undid the chunk; import it again row by row.
        logger.info("import batch %s: a chunk was refused (%s); importing it row by row", batch.pk,
                    type(exc).__name__)
        decided = {}
        for row in checked:
            decided.update(_import_one(batch, table, row.row_number, cells_of[row.row_number]))
    outcomes.update(decided)
    problems = []
    for row_number, _cells in rows:
        outcome = outcomes[row_number]
        if isinstance(outcome, list):
            counts[REJECTED] += 1
            problems.extend(outcome)
        else:
            counts[outcome] += 1
    return counts, problems


def _import_one(batch: ImportBatch, table: CsvTable, row_number: int, cells: list[str]) -> dict:
    for attempt in (1, 2):  # a second time: a row another import wrote meanwhile is now matched
        try:
            with transaction.atomic():
                # Checked afresh: the failed attempt may have left saved-looking objects behind.
                return _import_checked(batch, [check_row(batch.site, table, row_number, cells)])
        except (OperationalError, InterfaceError):
            raise
        except (IntegrityError, DataError) as exc:
            if attempt == 2:
                logger.warning("import batch %s row %s refused by the database: %s", batch.pk, row_number,
                               type(exc).__name__)
                return {row_number: _rejection(row_number, [
                    ("", _("This row could not be saved: the database refused it. Check its values.")),
                ])}
        except Exception as exc:
            # The exception's text may quote the row's values; log only its type and where it happened.
            logger.error(
                "import batch %s row %s failed: %s\n%s", batch.pk, row_number, type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            return {row_number: _rejection(row_number, [
                ("", _("This row could not be saved because of an unexpected error (reported to the service "
                       "team).")),
            ])}


@dataclass
class _Known:
    """A patient the chunk has met (in the database, or new in this chunk) and its episodes."""
    patient: Patient
    episodes: list = field(default_factory=list)  # FractureEpisode, saved or new


def _import_checked(batch: ImportBatch, checked: list[CheckedRow]) -> dict:
    """Match the rows against the database and each other, in file order, and write what they
    create in bulk. Returns each row's outcome (or its problems)."""
    site, by = batch.site, batch.uploaded_by
    outcomes = {}
    if not checked:
        return outcomes
    # NHS numbers are looked up BEFORE hospital numbers. Each statement sees what had committed when
    # it began, so a patient another import commits between the two lookups is then found by its
    # hospital number (and matched), never by its NHS number alone (which would refuse the row as
    # "NHS number already used by another hospital number"). In the other order that happened.
    national_ids = {row.patient.national_id for row in checked if row.patient.national_id}
    national_ids_used = set(
        Patient.objects.filter(site=site, national_id__in=national_ids).values_list("national_id", flat=True)
    ) if national_ids else set()
    # The patients' rows stay locked until the chunk commits, so two imports of one list at the
    # same moment take turns on each patient and cannot both add the same fracture.
    known = {
        patient.local_id: _Known(patient)
        for patient in Patient.objects.select_for_update(of=("self",)).filter(
            site=site, local_id__in={row.patient.local_id for row in checked}
        ).order_by("pk")
    }
    by_id = {entry.patient.pk: entry for entry in known.values()}
    for episode in FractureEpisode.objects.filter(patient_id__in=by_id).only(
        "id", "patient_id", "fracture_date", "fracture_site", "side"
    ).order_by("id"):
        by_id[episode.patient_id].episodes.append(episode)

    new_patients, new_episodes = [], []
    for row in checked:
        candidate, episode = row.patient, row.episode
        entry = known.get(candidate.local_id)
        try:
            if entry is None:
                if candidate.national_id and candidate.national_id in national_ids_used:
                    raise RowRejected([(
                        "nhs_number",
                        _("This %(scheme)s is already recorded for a patient with a different hospital number.")
                        % {"scheme": candidate.national_number_label},
                    )])
                # Same name and date of birth under another hospital number is allowed: lists come
                # from several systems, and the nurse reviews possible duplicates at triage.
                entry = known[candidate.local_id] = _Known(candidate)
                new_patients.append(candidate)
                if candidate.national_id:
                    national_ids_used.add(candidate.national_id)
            else:
                _check_same_person(entry.patient, candidate)
                if any(
                    (e.fracture_date, e.fracture_site, e.side) == (episode.fracture_date, episode.fracture_site,
                                                                   episode.side)
                    for e in entry.episodes
                ):
                    outcomes[row.row_number] = DUPLICATE
                    continue
        except RowRejected as exc:
            outcomes[row.row_number] = _rejection(row.row_number, exc.problems)
            continue
        episode.patient = entry.patient
        episode.refracture_of = previous_episode_among(entry.episodes, episode.fracture_date)
        entry.episodes.append(episode)
        new_episodes.append(episode)
        outcomes[row.row_number] = IMPORTED
    fractures_import(patients=new_patients, episodes=new_episodes, by=by)
    return outcomes


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _check_same_person(existing: Patient, candidate: Patient) -> None:
    """A hospital number already in use must belong to the same person, or the row is refused."""
    number = {"number": shown_cell(candidate.local_id)}
    problems = []
    if existing.date_of_birth != candidate.date_of_birth:
        problems.append(("date_of_birth", _(
            "Hospital number %(number)s is already used by a patient with a different date of birth."
        ) % number))
    if not _same_text(existing.family_name, candidate.family_name):
        problems.append(("family_name", _(
            "Hospital number %(number)s is already used by a patient with a different family name."
        ) % number))
    if existing.national_id and candidate.national_id and existing.national_id != candidate.national_id:
        problems.append(("nhs_number", _(
            "Hospital number %(number)s is already used by a patient with a different %(scheme)s."
        ) % {**number, "scheme": candidate.national_number_label}))
    if problems:
        raise RowRejected(problems)
