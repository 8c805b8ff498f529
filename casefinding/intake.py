"""Intake of radiology reports: a CSV file, a file of HL7 v2 ORU^R01 messages, or one message from
the MLLP feed. Every report is checked, screened and stored once per (site, accession).

Mirrors patients/importing.py: the file is read by the same reader (fls.csvread: UTF-8 with or
without a BOM, UTF-16, or Windows-1252); a row with a problem is reported with its row, column and
reason and is skipped whole, never half-stored; a report already stored (same accession at the site) is
counted as already seen, not stored again. The database's unique constraint has the last word,
so two deliveries of one report at the same moment still store it once.

Logs carry batch ids and counts only, never a patient's identifiers or report text.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date

import hl7
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fls.csvread import DATE_FORMATS, DATE_HINT, CsvColumns, file_encoding, parse_date, read_rows, refuse_if_too_large
from fls.dates import PlausibleDate
from fls.selectors import visible_site_ids
from fls.text import REPORT_TEXT_MAX, text_problem
from patients.identifiers import normalise_hospital_number
from patients.models import Sex

from .lexicon import screener_for_site
from .models import RadiologyReport, ReportBatch

logger = logging.getLogger(__name__)

COLUMNS = ("accession", "local_id", "family_name", "given_name", "date_of_birth", "sex", "exam_date", "modality",
           "body_part", "report_text")
OPTIONAL_COLUMNS = frozenset({"sex", "modality", "body_part"})
REPORT_COLUMNS = CsvColumns(COLUMNS, OPTIONAL_COLUMNS)
REQUIRED_COLUMNS = REPORT_COLUMNS.required
MAX_LENGTHS = {"accession": 64, "local_id": 30, "family_name": 100, "given_name": 100, "modality": 40, "body_part": 100}
# And YYYYMMDD, as an HL7 message writes a date (a CSV exported from the RIS may too).
REPORT_DATE_FORMATS = (*DATE_FORMATS, "%Y%m%d")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
CHUNK = 500
SEX = {"f": Sex.FEMALE, "female": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE, "o": Sex.OTHER, "other": Sex.OTHER,
       "u": Sex.UNKNOWN, "unknown": Sex.UNKNOWN, "": Sex.UNKNOWN, "a": Sex.OTHER, "n": Sex.UNKNOWN}


@dataclass
class IntakeOutcome:
    batch: ReportBatch
    # Every report read (accepted or already seen), for --decisions: accession -> stored report.
    decisions: list[RadiologyReport] = field(default_factory=list)


class RowProblem(Exception):
    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems


# --- Reading --------------------------------------------------------------------------------


def read_report_csv(file, encoding: str) -> list[tuple[int, dict]]:
    """(row number, {column: cell}) for each non-blank row of the binary file; the header is row 1."""
    table, numbered_cells = read_rows(file, encoding, REPORT_COLUMNS)
    rows = []
    for row_number, cells in numbered_cells:
        extra = table.extra_cells_problem(cells)
        rows.append((row_number, {"__extra__": extra} if extra else table.cells_by_column(cells)))
    if not rows:
        raise ValidationError(_("The file has a header row but no reports."), code="no_rows")
    return rows


def split_hl7_messages(text: str) -> list[str]:
    """The messages of a file (or MLLP stream) of HL7 v2 messages, segments separated by CR."""
    text = text.replace("\x0b", "").replace("\x1c", "").replace("\r\n", "\r").replace("\n", "\r")
    parts = re.split(r"\r(?=MSH\|)", "\r" + text.strip("\r\n "))
    return [p.strip("\r") for p in parts if p.strip("\r ")]


def _hl7_date(value: str) -> str:
    return value[:8] if re.fullmatch(r"\d{8,14}(\.\d+)?([+-]\d{4})?", value or "") else value


def reports_from_hl7(message_text: str) -> list[dict]:
    """One row dict per OBR (exam) of an ORU^R01 message, its OBX text joined as the report.
    Raises ValueError saying what is wrong with the message."""
    try:
        message = hl7.parse(message_text)
    except Exception as exc:  # the parser raises several types on malformed text
        raise ValueError(_("not an HL7 v2 message (%(error)s)") % {"error": type(exc).__name__}) from None
    msh = message.segment("MSH")
    kind = str(msh[9])
    if not kind.startswith("ORU^R01") and kind.split("^")[:2] != ["ORU", "R01"]:
        raise ValueError(_("message type %(kind)s is not ORU^R01") % {"kind": kind or pgettext("HL7 message type", "(none)")})
    try:
        pid = message.segment("PID")
    except KeyError:
        raise ValueError(_("the message has no PID segment")) from None

    def text(segment, index, component=0, repetition=0):
        try:
            value = segment[index][repetition]
            value = value[component] if not isinstance(value, str) else (value if component == 0 else "")
            return message.unescape(str(value)).strip()
        except (IndexError, KeyError, TypeError):
            return ""

    local_id = ""
    try:
        repetitions = pid[3]
        for repetition in range(len(repetitions)):
            if text(pid, 3, 4, repetition) == "MR":
                local_id = text(pid, 3, 0, repetition)
                break
        local_id = local_id or text(pid, 3, 0, 0)
    except (IndexError, KeyError):
        pass
    patient = {
        "local_id": local_id, "family_name": text(pid, 5, 0), "given_name": text(pid, 5, 1),
        "date_of_birth": _hl7_date(text(pid, 7)), "sex": text(pid, 8),
    }
    rows, current = [], None
    for segment in message:
        name = str(segment[0])
        if name == "OBR":
            current = {
                **patient,
                "accession": text(segment, 3) or text(segment, 2),
                "exam_date": _hl7_date(text(segment, 7)) or _hl7_date(str(msh[7])),
                "body_part": text(segment, 4, 1) or text(segment, 4, 0),
                "modality": text(segment, 24),
                "report_text": [],
            }
            rows.append(current)
        elif name == "OBX" and current is not None:
            current["report_text"].append(message.unescape(str(segment[5])).replace("\r", "\n"))
    if not rows:
        raise ValueError(_("the message has no OBR (exam) segment"))
    for row in rows:
        row["report_text"] = "\n".join(row["report_text"])
    return rows


# --- Checking one report ---------------------------------------------------------------------


def _date(column: str, text: str) -> date:
    try:
        return parse_date(text, REPORT_DATE_FORMATS)
    except ValueError:
        # Report problems never quote the report's own values.
        raise RowProblem([(column, _("This is not a date: %(hint)s.") % {"hint": DATE_HINT})]) from None


def clean_report(cells: dict) -> dict:
    """The report's values, checked; RowProblem lists every problem (column, reason)."""
    if "__extra__" in cells:
        raise RowProblem([("", cells["__extra__"])])
    problems, values = [], {}
    for column in COLUMNS:
        value = (cells.get(column) or "").strip() if column != "report_text" else (cells.get(column) or "").strip()
        if not value and column in REQUIRED_COLUMNS:
            problems.append((column, _("This value is required.")))
            continue
        # Too long, or a NUL (an HL7 message can carry one; PostgreSQL refuses it): refused, never cut.
        problem = text_problem(value, MAX_LENGTHS.get(column, REPORT_TEXT_MAX))
        if problem:
            problems.append((column, problem))
            continue
        try:
            if column in ("date_of_birth", "exam_date"):
                values[column] = _date(column, value)
            elif column == "local_id":
                # As the patients' own numbers are stored, so a candidate is matched to its patient.
                values[column] = normalise_hospital_number(value)
            elif column == "sex":
                if value.lower() not in SEX:
                    raise RowProblem([(column, _("Use female, male, other or unknown (or F, M, O, U)."))])
                values[column] = SEX[value.lower()]
            else:
                values[column] = value
        except RowProblem as exc:
            problems.extend(exc.problems)
    if not problems:
        today = timezone.localdate()
        # The same floors as every form (fls.dates): no birth before 1900, no exam before 1980.
        for column, plausible in (("date_of_birth", PlausibleDate("birth")), ("exam_date", PlausibleDate())):
            try:
                plausible(values[column])
            except ValidationError as exc:
                problems.extend((column, message) for message in exc.messages)
        if values["date_of_birth"] > today:
            problems.append(("date_of_birth", _("The date of birth is in the future.")))
        if values["exam_date"] > today:
            problems.append(("exam_date", _("The exam date is in the future.")))
        elif not problems and values["exam_date"] < values["date_of_birth"]:
            problems.append(("exam_date", _("The exam date is before the date of birth.")))
    if problems:
        raise RowProblem(problems)
    return values


def _age(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def screened_report(site, batch: ReportBatch, values: dict, screener) -> RadiologyReport:
    result = screener.screen(
        values["report_text"], age_at_exam=_age(values["date_of_birth"], values["exam_date"]),
        body_part=values.get("body_part", ""),
    )
    return RadiologyReport(
        site=site, batch=batch, **values,
        is_candidate=result.candidate, fracture_site=result.fracture_site if result.candidate else "",
        side=result.side if result.candidate else "", certainty=result.certainty, evidence=result.evidence,
        highlights=[list(span) for span in result.highlights], screen_reason=result.reason[:200],
    )


# --- A batch ----------------------------------------------------------------------------------


def _store_chunk(batch: ReportBatch, reports: list[RadiologyReport]) -> set[str]:
    """Store the chunk's reports that are new; returns the accessions stored by this batch. The
    unique constraint skips any stored meanwhile by another delivery (counted as already seen)."""
    if not reports:
        return set()
    accessions = [r.accession for r in reports]
    try:
        with transaction.atomic():
            RadiologyReport.objects.bulk_create(reports, ignore_conflicts=True)
    except DatabaseError:
        # One report the database refused: store them one by one, each whole or not at all.
        logger.warning("report batch %s: chunk refused by the database, storing row by row", batch.pk)
        for report in reports:
            report.pk = None
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError:
                pass
    return set(
        RadiologyReport.objects.filter(batch=batch, accession__in=accessions).values_list("accession", flat=True)
    )


def screen_rows(*, site, by, source: str, filename: str, rows: list[tuple[int, dict]],
                problems: list[dict] | None = None, keep_decisions: bool = False) -> IntakeOutcome:
    """Check, screen and store `rows` ((row number, cells) pairs) as one batch."""
    batch = ReportBatch.objects.create(
        site=site, uploaded_by=by, source=source, filename=(filename or "")[-255:],
        problems=list(problems or []), rejected=len(problems or []), reports=len(problems or []),
    )
    screener = screener_for_site(site.id)
    outcome = IntakeOutcome(batch)
    counts = {"reports": 0, "candidates": 0, "already_seen": 0, "rejected": 0}
    new_problems = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        wanted: dict[str, RadiologyReport] = {}
        seen_in_file: list[str] = []
        for row_number, cells in chunk:
            counts["reports"] += 1
            try:
                values = clean_report(cells)
            except RowProblem as exc:
                counts["rejected"] += 1
                new_problems.extend({"row": row_number, "column": c, "message": m} for c, m in exc.problems)
                continue
            if values["accession"] in wanted:
                seen_in_file.append(values["accession"])  # the same report twice in one delivery
                continue
            wanted[values["accession"]] = screened_report(site, batch, values, screener)
        existing = {
            r.accession: r for r in RadiologyReport.objects.filter(site=site, accession__in=list(wanted))
        }
        fresh = [r for a, r in wanted.items() if a not in existing]
        stored = _store_chunk(batch, fresh)
        counts["already_seen"] += len(seen_in_file) + len(existing) + sum(1 for r in fresh if r.accession not in stored)
        counts["candidates"] += sum(1 for r in fresh if r.accession in stored and r.is_candidate)
        if keep_decisions:
            raced = [r.accession for r in fresh if r.accession not in stored]
            if raced:
                existing.update({r.accession: r for r in RadiologyReport.objects.filter(site=site, accession__in=raced)})
            outcome.decisions.extend(existing.get(a, r) for a, r in wanted.items())
    ReportBatch.objects.filter(pk=batch.pk).update(
        reports=batch.reports + counts["reports"], candidates=counts["candidates"],
        already_seen=counts["already_seen"], rejected=batch.rejected + counts["rejected"],
        problems=batch.problems + new_problems,
    )
    batch.refresh_from_db()
    logger.info(
        "report batch %s (%s) for site %s: %s reports, %s candidates, %s already seen, %s rejected",
        batch.pk, source, site.pk, batch.reports, batch.candidates, batch.already_seen, batch.rejected,
    )
    return outcome


def is_hl7(text: str) -> bool:
    return text.lstrip("\x0b\ufeff \r\n").startswith("MSH|")


def report_batch_from_file(*, site, by, filename: str, raw_bytes: bytes, keep_decisions=False) -> IntakeOutcome:
    """Screen an uploaded file: CSV, or HL7 messages (recognised by their MSH segment)."""
    if by is not None and site.id not in visible_site_ids(by):
        raise ValidationError(_("You can only send reports to a site you work at."), code="site")
    refuse_if_too_large(len(raw_bytes), MAX_UPLOAD_BYTES)
    file = io.BytesIO(raw_bytes)
    encoding = file_encoding(file)
    text = raw_bytes.decode(encoding)
    if is_hl7(text):
        rows, problems = [], []
        for number, message_text in enumerate(split_hl7_messages(text), start=1):
            try:
                rows.extend((number, row) for row in reports_from_hl7(message_text))
            except ValueError as exc:
                problems.append({"row": number, "column": "",
                                 "message": _("Message %(number)s: %(problem)s.") % {"number": number, "problem": exc}})
        if not rows and not problems:
            raise ValidationError(_("The file has no HL7 messages."), code="no_rows")
        return screen_rows(site=site, by=by, source=ReportBatch.Source.HL7_FILE, filename=filename, rows=rows,
                           problems=problems, keep_decisions=keep_decisions)
    rows = read_report_csv(file, encoding)
    return screen_rows(site=site, by=by, source=ReportBatch.Source.CSV, filename=filename, rows=rows,
                       keep_decisions=keep_decisions)


def hl7_message_receive(*, site, message_text: str, sending_application: str = "FLS") -> tuple[str, ReportBatch | None]:
    """Screen one message from the live feed; returns the ACK to send back (AA accepted, AE a
    message we could read but not use, AR one we could not read) and the batch."""
    try:
        parsed = hl7.parse(message_text)
        parsed.segment("MSH")
    except Exception:
        logger.warning("MLLP: a message that is not HL7 v2 was refused")
        return _ack_for_unreadable(message_text), None
    try:
        rows = reports_from_hl7(message_text)
    except ValueError as exc:
        return _ack(parsed, "AE", str(exc), sending_application, site), None
    outcome = screen_rows(site=site, by=None, source=ReportBatch.Source.MLLP, filename="",
                          rows=[(1, row) for row in rows])
    batch = outcome.batch
    if batch.rejected:
        messages = "; ".join(f"{p['column'] or '-'}: {p['message']}" for p in batch.problems)
        return _ack(parsed, "AE", messages, sending_application, site), batch
    return _ack(parsed, "AA", "", sending_application, site), batch


def _ack(parsed, code: str, text: str, application: str, site) -> str:
    ack = parsed.create_ack(ack_code=code, application=application, facility=site.code)
    ack_text = str(ack)
    if text:
        # MSA-3, the text message: no identifiers, only which field was wrong.
        clean = re.sub(r"[|^~\\&\r\n]", " ", text)[:200]
        ack_text = ack_text.rstrip("\r") + f"|{clean}"
    return ack_text


def _ack_for_unreadable(message_text: str) -> str:
    now = timezone.now().strftime("%Y%m%d%H%M%S")
    control = re.sub(r"[^A-Za-z0-9]", "", now)
    return f"MSH|^~\\&|FLS|FLS|||{now}||ACK|{control}|P|2.5\rMSA|AR||message could not be read"
