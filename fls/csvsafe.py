"""CSV that is safe to open in a spreadsheet. Every CSV the service writes goes through here.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before
looking for those) is run as a formula when the file is opened: `=HYPERLINK(...)` can leak data or
run commands (OWASP, "CSV Injection"). Such a cell gets a leading apostrophe, which spreadsheets
read as "this is text". The database keeps the value exactly as it was entered.
"""
import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """The value as a spreadsheet must see it: a formula-looking string is prefixed with `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_unescape(value: str) -> str:
    """Undo csv_safe on a cell read back from a file we wrote (a corrected rejected-rows file)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def write_csv(rows: Iterable[Mapping | Sequence], header: Sequence[str], out=None):
    """Write `header` then `rows` (dicts keyed by the header, or sequences in its order), every cell
    through csv_safe. Writes to `out` (a file or an HttpResponse) and returns it; with no `out`,
    returns the CSV text."""
    target = out if out is not None else io.StringIO()
    writer = csv.writer(target)
    writer.writerow([csv_safe(name) for name in header])
    for row in rows:
        cells = [row.get(name, "") for name in header] if isinstance(row, Mapping) else list(row)
        writer.writerow([csv_safe("" if cell is None else cell) for cell in cells])
    return target if out is not None else target.getvalue()


class _Line:
    """A file that hands back what is written to it: csv.writer then formats one row at a time."""

    def write(self, text):
        return text


def stream_csv(rows: Iterable[Mapping | Sequence], header: Sequence[str], *, lines_per_piece: int = 500) -> Iterator[str]:
    """write_csv's text in pieces of a few hundred lines, for a StreamingHttpResponse: a large export never sits
    whole in memory (and the server is not handed one tiny string per row)."""
    writer = csv.writer(_Line())
    piece = [writer.writerow([csv_safe(name) for name in header])]
    for row in rows:
        cells = [row.get(name, "") for name in header] if isinstance(row, Mapping) else list(row)
        piece.append(writer.writerow([csv_safe("" if cell is None else cell) for cell in cells]))
        if len(piece) >= lines_per_piece:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)
