"""Reading a CSV file someone uploads: the patient import (patients.importing) and the radiology report
intake (casefinding.intake) read their files here, so both accept the same files and refuse the others
with the same words.

- Encoding: UTF-8 with or without a byte-order mark; failing that Windows-1252 (what Excel's plain "CSV"
  save writes in the UK); UTF-16 with its byte-order mark (Excel's "Unicode text"). A workbook, a binary
  file, an empty file or one in none of these is refused, saying what to do.
- The header: the first non-blank row. Names are normalised ("Date of birth" -> "date_of_birth"); every
  required column must be there, and none of the file's columns may appear twice.
- The delimiter: comma, or the semicolon or tab some spreadsheets write, whichever names most columns.
- Row numbers are the spreadsheet's, the header being row 1; blank lines are skipped but counted, so a
  problem is reported at the row the user sees.
- Dates: YYYY-MM-DD or DD/MM/YYYY (and any further formats a caller names).

The file is read as a stream, a block at a time, never whole.
"""
import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# How to write a date, for a message that adds it after "…is not a date:" (lazy: read in the user's language).
DATE_HINT = gettext_lazy("write it as YYYY-MM-DD or DD/MM/YYYY")
DELIMITERS = (",", ";", "\t")
_READ_BYTES = 1024 * 1024
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def normalise_column(name: str) -> str:
    """A header cell as a column name: "Date of birth" -> "date_of_birth" (a byte-order mark dropped)."""
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())


def shown_cell(value: str) -> str:
    """A cell as quoted in a problem: at most 40 characters."""
    return value if len(value) <= 40 else value[:40] + "…"


@dataclass(frozen=True)
class CsvTable:
    """A file's header as read: the names as in the file, normalised, and its delimiter."""
    header: list[str]  # as in the file
    columns: list[str]  # normalised names ("Date of birth" -> "date_of_birth"), same order
    delimiter: str

    def cells_by_column(self, cells: list[str]) -> dict[str, str]:
        """The row's cells by normalised column name; a short row's missing cells are empty."""
        return {name: (cells[index] if index < len(cells) else "") for index, name in enumerate(self.columns)}

    def extra_cells_problem(self, cells: list[str]) -> str:
        """What is wrong with a row that has values beyond the header's columns, or ""."""
        if len(cells) > len(self.columns) and any(cell.strip() for cell in cells[len(self.columns):]):
            return _("This row has %(cells)d cells but the header has %(columns)d: "
                     "a value with a comma in it must be in double quotes.") % {
                "cells": len(cells), "columns": len(self.columns)}
        return ""


@dataclass(frozen=True)
class CsvColumns:
    """The columns a kind of file has, in the order the help text names them, and those it may leave out."""
    names: tuple[str, ...]
    optional: frozenset[str] = frozenset()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name in self.names if name not in self.optional)

    def delimiter_of(self, first_line: str) -> str:
        """Comma, or the semicolon/tab some spreadsheets write instead: whichever names most columns."""
        def known(delimiter):
            return sum(normalise_column(name) in self.names for name in first_line.split(delimiter))
        return max(DELIMITERS, key=known)

    def table(self, header: list[str], delimiter: str = ",") -> CsvTable:
        """The file's columns, or ValidationError naming the ones missing or repeated."""
        columns = [normalise_column(name) for name in header]
        missing = [name for name in self.required if name not in columns]
        if missing:
            raise ValidationError(
                _("The first row must name the columns; these are missing: %(missing)s. "
                  "The columns are: %(columns)s (%(optional)s may be left out).") % {
                    "missing": ", ".join(missing), "columns": ", ".join(self.names),
                    "optional": ", ".join(sorted(self.optional))},
                code="missing_columns",
            )
        repeated = sorted({name for name in columns if name in self.names and columns.count(name) > 1})
        if repeated:
            raise ValidationError(_("These columns appear more than once: %(columns)s.") % {
                "columns": ", ".join(repeated)}, code="repeated_columns")
        return CsvTable(header=header, columns=columns, delimiter=delimiter)


# --- The file ---------------------------------------------------------------------------------


def refuse_if_too_large(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)d MB: split it into smaller files.") % {
                "limit": max_bytes // (1024 * 1024)}, code="too_large",
        )


def file_size(file) -> int:
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def read_blocks(file) -> Iterator[bytes]:
    """The binary file from its start, a megabyte at a time."""
    file.seek(0)
    while block := file.read(_READ_BYTES):
        yield block


def _workbook() -> ValidationError:
    return ValidationError(
        _("This is a spreadsheet workbook, not a CSV file: in the spreadsheet choose Save As, "
          "“CSV UTF-8 (comma delimited)”, and upload that file."), code="workbook",
    )


def _decodes_as(file, encoding: str) -> bool:
    """Whether the whole file decodes; raises for NUL characters or a file with nothing in it."""
    decoder = codecs.getincrementaldecoder(encoding)()
    seen_text = False
    try:
        for block in read_blocks(file):
            text = decoder.decode(block)
            if "\x00" in text:
                raise ValidationError(_("This is not a text (CSV) file."), code="binary")
            seen_text = seen_text or bool(text.strip())
        text = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    if not (seen_text or text.strip()):
        raise ValidationError(_("The file is empty."), code="empty")
    return True


def file_encoding(file) -> str:
    """The binary file's encoding (see the module's docstring), or ValidationError saying why it cannot be
    read. Reads the file in blocks, never whole."""
    file.seek(0)
    start = file.read(4)
    if start.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise _workbook()
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not _decodes_as(file, "utf-16"):
            raise ValidationError(_("The file's characters could not be read."), code="encoding")
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes_as(file, encoding):
            return encoding
    raise ValidationError(
        _("The file's characters could not be read: save it as “CSV UTF-8” and upload it again."), code="encoding",
    )


def _text_stream(file, encoding: str) -> io.TextIOWrapper:
    file.seek(0)
    return io.TextIOWrapper(file, encoding=encoding, newline="")


def _malformed(row_number: int, exc: csv.Error) -> ValidationError:
    return ValidationError(_("The file could not be read as CSV at row %(row)d: %(error)s.") % {
        "row": row_number, "error": exc}, code="malformed")


def read_rows(file, encoding: str, columns: CsvColumns) -> tuple[CsvTable, Iterator[tuple[int, list[str]]]]:
    """(CsvTable, iterator of (row number, cells)) of the binary file in `encoding` (file_encoding's),
    read as a stream. Raises ValidationError for a file whose header or rows cannot be read (the rows'
    problems as they are reached)."""
    text = _text_stream(file, encoding)
    first_line = ""
    for line in text:
        if line.strip("\r\n"):
            first_line = line.rstrip("\r\n")
            break
    text.detach()  # or closing the wrapper would close the file
    delimiter = columns.delimiter_of(first_line)
    text = _text_stream(file, encoding)
    reader = csv.reader(text, delimiter=delimiter)
    row_number = 0
    try:
        for row_number, cells in enumerate(reader, start=1):
            if any(cell.strip() for cell in cells):
                break
        else:
            raise ValidationError(_("The file is empty."), code="empty")
        table = columns.table(cells, delimiter)
    except csv.Error as exc:
        text.detach()
        raise _malformed(row_number + 1, exc) from None
    except ValidationError:
        text.detach()
        raise

    def rows():
        number = row_number
        try:
            for number, cells in enumerate(reader, start=row_number + 1):
                if any(cell.strip() for cell in cells):  # a blank line (spreadsheets often leave a few at the end)
                    yield number, cells
        except csv.Error as exc:
            raise _malformed(number + 1, exc) from None
        finally:
            text.detach()

    return table, rows()


# --- Cells ------------------------------------------------------------------------------------


def parse_date(text: str, formats: tuple[str, ...] = DATE_FORMATS) -> date:
    """The date a cell gives in one of `formats`, or ValueError quoting it and saying how to write it."""
    if "%Y-%m-%d" in formats and _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)  # the usual form, a tenth of strptime's time
        except ValueError:
            pass  # 2024-02-30: said below, in the same words
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("“%(text)s” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.") % {"text": shown_cell(text)})
