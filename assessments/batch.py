"""The batch check of a caseload (issue 16): `manage.py decision_support FILE.csv --out OUT.csv` reads a CSV of
cases, gives each the same advice the pages give (assessments.decision_support, with the FRAX table of the
database and a site's calcium threshold), and writes one row of codes per case. Used after a guideline change
and by the tests.

How a file is read (docs/clinical-rules.md#batch-check-of-a-caseload says the same, for the clinic):

- The file: as every upload (fls.csvread): UTF-8 with or without a byte-order mark, Windows-1252 or UTF-16;
  CRLF or LF line ends; comma (or semicolon or tab) delimited. The header is the first non-blank line; every
  column of COLUMNS must be there (in any order; other columns are ignored). Blank lines are skipped but
  counted, so a row number is the line the user sees, the header being line 1.
- Cells are trimmed; a blank cell is "not known" (None), except case_id, assessment_date and
  index_fracture_site, which every row must have. A blank proposed_treatment is "none".
- Dates are YYYY-MM-DD, not before 1980 (fls.dates.EARLIEST_CLINICAL); fracture_date and
  last_vertebral_fracture_date not after assessment_date (the rules look back from it).
- Numbers have a dot decimal (2.35, -2.7); counts, months and age are whole numbers; each lies within BOUNDS
  (outside is a typing or unit mistake: a calcium of 9.2 is mg/dL, not mmol/L).
- Codes (sex, index_fracture_site, proposed_treatment) are compared in any letter case.
- vertebral_fractures counts a vertebral index fracture, so it cannot be 0 with index_fracture_site vertebra;
  a last_vertebral_fracture_date needs a count that is blank or at least 1.
- case_id: up to 100 characters, no control characters, not starting with = + - @ (a spreadsheet would run
  it as a formula). A case_id already used by an earlier row (accepted or not) rejects the later row: which
  of the two was meant is the user's call, not ours.
- A row with any problem is skipped; each problem is reported as `row N, column C: reason` (column `-` for a
  problem of the whole row). Messages quote a bad value, never the case_id.
"""
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from fls.csvread import CsvColumns, CsvTable, file_encoding, read_rows, shown_cell
from fls.csvsafe import FORMULA_STARTS, write_csv
from fls.dates import EARLIEST_CLINICAL
from patients.models import FractureSite

from . import decision_support as ds
from .facts import settings_for
from .thresholds import DRUGS

COLUMNS = CsvColumns(names=(
    "case_id", "sex", "age", "index_fracture_site", "fracture_date", "assessment_date", "lowest_t_score",
    "frax_mof", "frax_hip", "vertebral_fractures", "last_vertebral_fracture_date", "glucocorticoid_mg_per_day",
    "glucocorticoid_months", "egfr", "adjusted_calcium", "vitamin_d", "prior_mi_or_stroke", "proposed_treatment",
))
OUTPUT_COLUMNS = ("case_id", "who_class", "very_high_risk", "very_high_reasons", "warnings", "notes")

SEXES = ("F", "M")
# The file's fracture sites are patients.FractureSite's values (tests/assessments/test_decision_support_command.py
# holds them equal), so a row's site is the app's own.
FRACTURE_SITES = tuple(FractureSite.values)
TREATMENTS = (*DRUGS, "none")

# (lowest, highest) each number may be. T-score and FRAX: the app's data-entry limits
# (docs/clinical-rules.md#data-entry-limits); the others are plausibility bounds of the project's (unverified),
# there to catch a mistyped value or a value in another unit, never to judge a patient.
BOUNDS = {
    "age": (0, 120),
    "lowest_t_score": (Decimal("-8"), Decimal("6")),
    "frax_mof": (Decimal("0"), Decimal("100")),
    "frax_hip": (Decimal("0"), Decimal("100")),
    "vertebral_fractures": (0, 24),  # the vertebrae above the sacrum
    "glucocorticoid_mg_per_day": (Decimal("0"), Decimal("1000")),
    "glucocorticoid_months": (0, 1200),
    "egfr": (Decimal("0"), Decimal("250")),  # mL/min/1.73m²
    "adjusted_calcium": (Decimal("0"), Decimal("5")),  # mmol/L: above 5 is mg/dL
    "vitamin_d": (Decimal("0"), Decimal("1000")),  # nmol/L
}
WHOLE_NUMBERS = ("age", "vertebral_fractures", "glucocorticoid_months")
DECIMALS = ("lowest_t_score", "frax_mof", "frax_hip", "glucocorticoid_mg_per_day", "egfr", "adjusted_calcium",
            "vitamin_d")
DATES = ("fracture_date", "assessment_date", "last_vertebral_fracture_date")
REQUIRED = ("case_id", "assessment_date", "index_fracture_site")
CASE_ID_MAX = 100

_DECIMAL = re.compile(r"-?\d{1,6}(\.\d{1,6})?")
_WHOLE = re.compile(r"-?\d{1,6}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class RowProblem:
    row: int  # the file's line number, the header being line 1
    column: str  # "-" for the whole row
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class BatchSummary:
    """The command's last line."""
    cases: int = 0
    very_high_risk: int = 0
    with_warnings: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"cases": self.cases, "very_high_risk": self.very_high_risk, "with_warnings": self.with_warnings,
                "rejected": self.rejected}


class _Invalid(Exception):
    """A cell that cannot be read, with the reason."""


def _one_of(text: str, choices: tuple[str, ...], *, upper: bool = False) -> str:
    value = text.upper() if upper else text.lower()
    if value not in choices:
        raise _Invalid(_("“%(value)s” is not one of: %(choices)s.") % {
            "value": shown_cell(text), "choices": ", ".join(choices)})
    return value


def _date(text: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise _Invalid(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": shown_cell(text)}) from None
    if day < EARLIEST_CLINICAL:
        raise _Invalid(_("%(date)s is before %(year)d: not a plausible date.") % {
            "date": text, "year": EARLIEST_CLINICAL.year})
    return day


def _number(column: str, text: str) -> int | Decimal:
    whole = column in WHOLE_NUMBERS
    if not (_WHOLE if whole else _DECIMAL).fullmatch(text):
        if whole and _DECIMAL.fullmatch(text):
            raise _Invalid(_("“%(value)s” is not a whole number.") % {"value": shown_cell(text)})
        raise _Invalid(_("“%(value)s” is not a number: write digits, with a dot for decimals (2.35).")
                       % {"value": shown_cell(text)})
    number = int(text) if whole else Decimal(text)
    low, high = BOUNDS[column]
    if number < 0 and low >= 0:
        raise _Invalid(_("%(value)s: this cannot be negative.") % {"value": text})
    if not low <= number <= high:
        raise _Invalid(_("%(value)s is outside %(low)s to %(high)s: a typing or unit mistake?") % {
            "value": text, "low": low, "high": high})
    return number


def _flag(text: str) -> bool:
    if text not in ("0", "1"):
        raise _Invalid(_("“%(value)s” is not 0 or 1.") % {"value": shown_cell(text)})
    return text == "1"


def _case_id(text: str) -> str:
    if len(text) > CASE_ID_MAX:
        raise _Invalid(_("A case_id has at most %(max)d characters.") % {"max": CASE_ID_MAX})
    if _CONTROL.search(text):
        raise _Invalid(_("A case_id cannot hold control characters."))
    if text.startswith(FORMULA_STARTS):
        raise _Invalid(_("A case_id cannot start with = + - or @ (a spreadsheet would run it as a formula)."))
    return text


def _cell(column: str, text: str):
    if column == "case_id":
        return _case_id(text)
    if column in DATES:
        return _date(text)
    if column in WHOLE_NUMBERS or column in DECIMALS:
        return _number(column, text)
    if column == "sex":
        return _one_of(text, SEXES, upper=True)
    if column == "index_fracture_site":
        return _one_of(text, FRACTURE_SITES)
    if column == "proposed_treatment":
        return _one_of(text, TREATMENTS)
    if column == "prior_mi_or_stroke":
        return _flag(text)
    raise AssertionError(column)


def case_facts(cells: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """A row's cells (by column) read into CaseFacts' fields, and its problems as (column, reason)."""
    values, problems = {}, []
    for column in COLUMNS.names:
        text = cells.get(column, "").strip()
        if not text:
            if column in REQUIRED:
                problems.append((column, _("This value is required.")))
            values[column] = None
            continue
        try:
            values[column] = _cell(column, text)
        except _Invalid as exc:
            problems.append((column, str(exc)))
    if problems:
        return values, problems
    on = values["assessment_date"]
    for column in ("fracture_date", "last_vertebral_fracture_date"):
        if values[column] is not None and values[column] > on:
            problems.append((column, _("%(date)s is after the assessment_date (%(on)s): the rules look back from "
                                       "the assessment.") % {"date": values[column].isoformat(),
                                                               "on": on.isoformat()}))
    count = values["vertebral_fractures"]
    if count == 0 and values["index_fracture_site"] == FractureSite.VERTEBRA:
        problems.append(("vertebral_fractures", _("0, but the index fracture is vertebral: the count includes it.")))
    elif count == 0 and values["last_vertebral_fracture_date"] is not None:
        problems.append(("vertebral_fractures", _("0, but a last_vertebral_fracture_date is given.")))
    return values, problems


def _facts(values: dict) -> ds.CaseFacts:
    fields = dict(values)
    fields.pop("case_id")
    fields["proposed_treatment"] = fields["proposed_treatment"] or "none"
    return ds.CaseFacts(**fields)


def output_row(case_id: str, advice: ds.Advice) -> list[str]:
    """The output columns: the very-high reasons, the four warning codes, and every other code as a note."""
    warnings = sorted({f.code for f in advice.warnings if f.code in ds.WARNING_CODES})
    notes = sorted({f.code for f in advice.notes} | {f.code for f in advice.warnings if f.code not in ds.WARNING_CODES})
    return [case_id, advice.who_class, "1" if advice.very_high_risk else "0",
            ";".join(sorted({f.code for f in advice.very_high})), ";".join(warnings), ";".join(notes)]


def batch_settings(site=None) -> ds.Settings:
    """The rules' settings: the FRAX table of the database, and `site`'s calcium threshold (no site: the
    default; a site id of None matches no site's settings)."""
    key = site.pk if site is not None else None
    return settings_for({key})[key]


def open_caseload(file) -> tuple[CsvTable, Iterator[tuple[int, list[str]]]]:
    """The binary `file`'s header and its rows (line number, cells), read as a stream; ValidationError saying
    why when the file cannot be read or lacks a column (before the database is used)."""
    return read_rows(file, file_encoding(file), COLUMNS)


def check_caseload(table: CsvTable, rows, out, *, settings: ds.Settings,
                   on_problem: Callable[[RowProblem], None]) -> BatchSummary:
    """Write a row of OUTPUT_COLUMNS for each case of open_caseload's `rows` to the text stream `out`, handing
    each problem to `on_problem` as it is found. ValidationError for a row the CSV reader cannot parse."""
    summary = BatchSummary()

    def checked() -> Iterator[list[str]]:
        first_row_of: dict[str, int] = {}
        for number, cells in rows:
            problems = []
            if extra := table.extra_cells_problem(cells):
                problems.append(("-", extra))
            values, cell_problems = case_facts(table.cells_by_column(cells))
            problems += cell_problems
            case_id = values.get("case_id")
            if case_id is not None:
                if case_id in first_row_of:
                    problems.append(("case_id", _("This case_id is already used by row %(row)d.")
                                     % {"row": first_row_of[case_id]}))
                else:
                    first_row_of[case_id] = number
            if problems:
                summary.rejected += 1
                for column, message in problems:
                    on_problem(RowProblem(number, column, message))
                continue
            advice = ds.advise(_facts(values), settings)
            summary.cases += 1
            summary.very_high_risk += advice.very_high_risk
            row = output_row(case_id, advice)
            summary.with_warnings += bool(row[4])
            yield row

    write_csv(checked(), OUTPUT_COLUMNS, out=out)
    return summary

