"""Bulk import of identified fractures from a CSV file (an ED or radiology list).

`import_batch_create` reads the uploaded bytes, refuses a file that cannot be read, and stores its
text as an ImportBatch. `import_batch_run` imports the stored rows; a Celery task runs it for
uploads and `manage.py import_patients` runs it directly.

Each row is imported whole or not at all (its own savepoint). Rows are processed in chunks of
PROGRESS_EVERY, each chunk committed together with the batch's counters and problems: a worker
killed mid-chunk loses that chunk and its counters together, and the next run (Celery redelivers
the task: acks_late) carries on from `rows_done`. Running a finished batch again changes nothing;
importing the same file again creates nothing new, because every row is matched to the patient
(hospital number) and episode (fracture date, site and side) it would create.

Cells are stored exactly as given, formula-looking ones included; files we write go through
fls.csvsafe. Logs carry batch ids and row numbers only, never a patient's identifiers.
"""
import csv
import hashlib
import io
import logging
import re
import traceback
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Func, JSONField, Value
from django.utils import timezone

from fls.csvsafe import csv_unescape
from fls.selectors import visible_site_ids

from .models import FractureEpisode, FractureSite, ImportBatch, Mechanism, Patient, Sex, Side, Source
from .services import DuplicatePatient, episode_create, patient_create

logger = logging.getLogger(__name__)

COLUMNS = (
    "local_id", "nhs_number", "family_name", "given_name", "date_of_birth", "sex", "postcode",
    "gp_practice_code", "fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source",
)
# A list may leave these out (a radiology list often has no GP code); a missing side is "not known".
OPTIONAL_COLUMNS = frozenset({"nhs_number", "postcode", "gp_practice_code", "side"})
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
DATE_COLUMNS = ("date_of_birth", "fracture_date", "identified_on")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROGRESS_EVERY = 50

# Model field -> CSV column, where they differ.
_COLUMN_FOR_FIELD = {"national_id": "nhs_number", NON_FIELD_ERRORS: "", "site": "", "patient": ""}
_PATIENT_COLUMNS = {"local_id", "nhs_number", "family_name", "given_name", "date_of_birth", "sex", "postcode",
                    "gp_practice_code"}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[_\-]", " ", text).lower().split())


def _aliases(choices, extra: dict[str, str]) -> dict[str, str]:
    """Each choice by its stored value, its label and the parts of its label ("Wrist / distal
    radius" -> "wrist", "distal radius"), case-insensitively, plus the clinic's usual words."""
    table = {}
    for value, label in choices:
        for name in (value, label, *re.split(r"[/()]", str(label))):
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
_CHOICE_NAMES = {
    "sex": "sex", "fracture_site": "fracture site", "side": "side", "mechanism": "mechanism", "source": "source",
}
# Where "not known" is a real answer, say so when the cell is empty.
_REQUIRED_HINT = {"sex": " (use “unknown” if it is not known)", "mechanism": " (use “unknown” if it is not known)"}


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


# --- Reading the file -----------------------------------------------------------------------


@dataclass(frozen=True)
class CsvTable:
    header: list[str]  # as in the file
    columns: list[str]  # normalised names ("Date of birth" -> "date_of_birth"), same order
    delimiter: str
    rows: list[tuple[int, list[str]]]  # (row number in the file, the header being row 1; cells as in the file)


def decode_upload(raw_bytes: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252
    (what Excel's plain "CSV" save writes in the UK)."""
    if raw_bytes.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(
            "This is a spreadsheet workbook, not a CSV file: in the spreadsheet choose Save As, "
            "“CSV UTF-8 (comma delimited)”, and upload that file.", code="workbook",
        )
    if raw_bytes.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw_bytes.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError("The file's characters could not be read.", code="encoding") from None
    else:
        try:
            text = raw_bytes.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw_bytes.decode("cp1252")
            except UnicodeDecodeError:
                raise ValidationError(
                    "The file's characters could not be read: save it as “CSV UTF-8” and upload it again.",
                    code="encoding",
                ) from None
    if "\x00" in text:
        raise ValidationError("This is not a text (CSV) file.", code="binary")
    if not text.strip():
        raise ValidationError("The file is empty.", code="empty")
    return text


def _normalise_column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())


def _sniff_delimiter(first_line: str) -> str:
    """Comma, or the semicolon/tab some spreadsheets write instead: whichever names most columns."""
    def known(delimiter):
        return sum(_normalise_column(name) in COLUMNS for name in first_line.split(delimiter))
    return max((",", ";", "\t"), key=known)


def read_csv_table(text: str) -> CsvTable:
    """Parse the file's text, or raise ValidationError saying why it cannot be imported."""
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = None
    rows = []
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue  # a blank line (spreadsheets often leave a few at the end)
            if header is None:
                header = cells
            else:
                rows.append((row_number, cells))
    except csv.Error as exc:
        raise ValidationError(
            f"The file could not be read as CSV at row {row_number + 1}: {exc}.", code="malformed"
        ) from None
    if header is None:
        raise ValidationError("The file is empty.", code="empty")
    columns = [_normalise_column(name) for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValidationError(
            f"The first row must name the columns; these are missing: {', '.join(missing)}. "
            f"The columns are: {', '.join(COLUMNS)} ({', '.join(sorted(OPTIONAL_COLUMNS))} may be left out).",
            code="missing_columns",
        )
    repeated = sorted({name for name in columns if name in COLUMNS and columns.count(name) > 1})
    if repeated:
        raise ValidationError(f"These columns appear more than once: {', '.join(repeated)}.", code="repeated_columns")
    if not rows:
        raise ValidationError("The file has a header row but no rows to import.", code="no_rows")
    return CsvTable(header=header, columns=columns, delimiter=delimiter, rows=rows)


# --- Creating and running a batch -----------------------------------------------------------


def import_batch_create(*, site, by, filename: str, raw_bytes: bytes) -> ImportBatch:
    """Check the file can be imported and store it as a queued batch (nothing is imported yet)."""
    if site.id not in visible_site_ids(by):
        raise ValidationError("You can only import into a site you work at.", code="site")
    if len(raw_bytes) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB: split it into smaller files.",
            code="too_large",
        )
    text = decode_upload(raw_bytes)
    table = read_csv_table(text)
    batch = ImportBatch.objects.create(
        site=site, uploaded_by=by, filename=(filename or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1][:255],
        content=text, content_sha256=hashlib.sha256(raw_bytes).hexdigest(), rows_total=len(table.rows),
    )
    logger.info("import batch %s created: %s rows for site %s", batch.id, batch.rows_total, site.id)
    return batch


def import_batch_run(batch_id: int) -> ImportBatch:
    """Import the batch's remaining rows. Safe to call again at any time: a finished batch is left
    as it is, a running one continues from the last committed chunk."""
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
    ).update(status=ImportBatch.Status.RUNNING)
    batch = ImportBatch.objects.select_related("site", "uploaded_by").get(pk=batch_id)
    if not claimed:
        return batch
    try:
        table = read_csv_table(batch.content)
    except ValidationError as exc:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, failure=" ".join(exc.messages), finished_at=timezone.now()
        )
        logger.warning("import batch %s could not be read", batch_id)
        batch.refresh_from_db()
        return batch
    while _run_next_chunk(batch, table):
        pass
    batch.refresh_from_db()
    logger.info(
        "import batch %s %s: %s rows, %s imported, %s duplicates, %s rejected",
        batch.id, batch.status, batch.rows_total, batch.imported, batch.duplicates, batch.rejected,
    )
    return batch


def _run_next_chunk(batch: ImportBatch, table: CsvTable) -> bool:
    """Import the next PROGRESS_EVERY rows and commit them with the counters. False when done."""
    with transaction.atomic():
        # The row lock makes two runs of one batch (a redelivered task) take turns, chunk by chunk.
        locked = (
            ImportBatch.objects.select_for_update().only("id", "status", "rows_done").get(pk=batch.pk)
        )
        if locked.status != ImportBatch.Status.RUNNING:
            return False
        start = locked.rows_done
        chunk = table.rows[start:start + PROGRESS_EVERY]
        if not chunk:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.DONE, finished_at=timezone.now(), rows_total=len(table.rows)
            )
            return False
        counts = {"imported": 0, "duplicates": 0, "rejected": 0}
        problems = []
        for row_number, cells in chunk:
            outcome, row_problems = import_row(batch, table, row_number, cells)
            counts[outcome] += 1
            problems.extend(row_problems)
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows_done=start + len(chunk),
            imported=F("imported") + counts["imported"],
            duplicates=F("duplicates") + counts["duplicates"],
            rejected=F("rejected") + counts["rejected"],
            **_appended_problems(batch.pk, problems),
        )
    return True


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


# --- One row ----------------------------------------------------------------------------------

IMPORTED, DUPLICATE, REJECTED = "imported", "duplicates", "rejected"


class RowRejected(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems


def import_row(batch: ImportBatch, table: CsvTable, row_number: int, cells: list[str]) -> tuple[str, list[dict]]:
    """Import one row, whole or not at all. Returns the outcome and the row's problems."""
    try:
        with transaction.atomic():
            outcome = _save_row(batch, table, cells)
    except RowRejected as exc:
        problems = exc.problems
    except ValidationError as exc:
        problems = _problems_from(exc)
    except (OperationalError, InterfaceError):
        raise  # the database is unreachable: the task retries, the chunk is redone
    except (IntegrityError, DataError) as exc:
        logger.warning("import batch %s row %s refused by the database: %s", batch.pk, row_number, type(exc).__name__)
        problems = [("", "This row could not be saved: the database refused it. Check its values.")]
    except Exception as exc:
        # The exception's text may quote the row's values; log only its type and where it happened.
        logger.error(
            "import batch %s row %s failed: %s\n%s", batch.pk, row_number, type(exc).__name__,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        problems = [("", "This row could not be saved because of an unexpected error (reported to the service team).")]
    else:
        return outcome, []
    return REJECTED, [{"row": row_number, "column": column, "message": message} for column, message in problems]


def _problems_from(exc: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [
        (_COLUMN_FOR_FIELD.get(field, field), message)
        for field, errors in exc.message_dict.items()
        for message in errors
    ]


def _parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{_shown(text)}” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.")


def _parse_choice(column: str, text: str) -> str:
    choices, aliases = CHOICES[column]
    value = aliases.get(_key(text))
    if value is None:
        raise ValueError(
            f"“{_shown(text)}” is not a known {_CHOICE_NAMES[column]}: use one of {', '.join(choices.values)}."
        )
    return value


def _parse_cells(table: CsvTable, cells: list[str]) -> tuple[dict, list[tuple[str, str]]]:
    """The row's values by column, converted, and the problems found in the cells themselves."""
    problems = []
    if len(cells) > len(table.columns) and any(c.strip() for c in cells[len(table.columns):]):
        problems.append((
            "", f"This row has {len(cells)} cells but the header has {len(table.columns)}: "
                "a value with a comma in it must be in double quotes.",
        ))
    raw = {}
    for index, name in enumerate(table.columns):
        if name in COLUMNS:
            # A cell we escaped in a rejected-rows file comes back as it was first given.
            raw[name] = csv_unescape((cells[index] if index < len(cells) else "").strip())
    values = {}
    for column in COLUMNS:
        text = raw.get(column, "")
        if not text:
            if column in REQUIRED_COLUMNS:
                problems.append((column, "This value is required" + _REQUIRED_HINT.get(column, "") + "."))
            elif column == "side":
                values[column] = Side.UNKNOWN
            else:
                values[column] = ""
            continue
        try:
            if column in DATE_COLUMNS:
                values[column] = _parse_date(text)
            elif column in CHOICES:
                values[column] = _parse_choice(column, text)
            else:
                values[column] = text
        except ValueError as exc:
            problems.append((column, str(exc)))
    return values, problems


def _save_row(batch: ImportBatch, table: CsvTable, cells: list[str]) -> str:
    site, by = batch.site, batch.uploaded_by
    values, problems = _parse_cells(table, cells)
    patient_fields = {
        "local_id": values.get("local_id"), "national_id": values.get("nhs_number"),
        "family_name": values.get("family_name"), "given_name": values.get("given_name"),
        "date_of_birth": values.get("date_of_birth"), "sex": values.get("sex"),
        "postcode": values.get("postcode"), "gp_practice_code": values.get("gp_practice_code"),
    }
    episode_fields = {
        name: values.get(name)
        for name in ("fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source")
    }

    # Validate with the models' own rules (NHS number by the site's country, dates not in the
    # future...), skipping the cells already found wrong, so each problem is reported once.
    failed = {column for column, _ in problems}
    candidate = Patient(site=site, **patient_fields)
    episode = FractureEpisode(patient=candidate, site=site, **episode_fields)
    for instance, exclude in (
        (candidate, {f for f in patient_fields if _COLUMN_FOR_FIELD.get(f, f) in failed}),
        (episode, {f for f in episode_fields if f in failed} | {"patient", "site"}),
    ):
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.extend(_problems_from(exc))
    if problems:
        raise RowRejected(problems)

    # The patient's row stays locked until the chunk commits, so two imports of one list at the
    # same moment take turns on each patient and cannot both add the same fracture.
    patient = Patient.objects.select_for_update().filter(site=site, local_id=candidate.local_id).first()
    if patient is None:
        if candidate.national_id and Patient.objects.filter(site=site, national_id=candidate.national_id).exists():
            raise RowRejected([(
                "nhs_number", "This NHS number is already recorded for a patient with a different hospital number.",
            )])
        try:
            # Same name and date of birth under another hospital number is allowed: lists come
            # from several systems, and the nurse reviews possible duplicates at triage.
            patient = patient_create(
                site=site, by=by, confirm_possible_duplicate=True,
                **{name: getattr(candidate, name) for name in patient_fields},
            )
        except DuplicatePatient as exc:
            # Another import created this patient a moment ago: match the row against it instead.
            patient = Patient.objects.select_for_update().get(pk=exc.existing.pk)
        else:
            episode_create(patient=patient, by=by, **episode_fields)
            return IMPORTED
    _check_same_person(patient, candidate)
    if patient.episodes.filter(
        fracture_date=episode.fracture_date, fracture_site=episode.fracture_site, side=episode.side
    ).exists():
        return DUPLICATE
    episode_create(patient=patient, by=by, **episode_fields)
    return IMPORTED


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _check_same_person(existing: Patient, candidate: Patient) -> None:
    """A hospital number already in use must belong to the same person, or the row is refused."""
    used = f"Hospital number {_shown(candidate.local_id)} is already used by a patient with a different"
    problems = []
    if existing.date_of_birth != candidate.date_of_birth:
        problems.append(("date_of_birth", f"{used} date of birth."))
    if not _same_text(existing.family_name, candidate.family_name):
        problems.append(("family_name", f"{used} family name."))
    if existing.national_id and candidate.national_id and existing.national_id != candidate.national_id:
        problems.append(("nhs_number", f"{used} NHS number."))
    if problems:
        raise RowRejected(problems)
