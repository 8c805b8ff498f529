"""Synthetic CSV files of identified fractures for the import tests. Never real patients: the
names are invented, NHS numbers are in the 999 range NHS Digital reserves for testing, and the
postcode is the NHS pseudo-postcode for "no fixed abode"."""
import csv
import io

from patients.importing import COLUMNS

HEADER = list(COLUMNS)

# Cells a spreadsheet would run as formulas if they were written back unescaped (OWASP CSV injection).
HOSTILE_CELLS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+1+1",
    "-2+3",
    "=cmd|' /C calc'!A0",
]


def nhs_number(n: int) -> str:
    """The n-th valid NHS number (correct check digit) in the 999 test range."""
    found = 0
    for body in range(999_000_000, 1_000_000_000):
        digits = [int(d) for d in str(body)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check == 10:
            continue
        if found == n:
            return f"{body}{check}"
        found += 1
    raise ValueError(n)


def invalid_nhs_number(n: int = 0) -> str:
    """A ten-digit number whose check digit is wrong."""
    good = nhs_number(n)
    return good[:9] + str((int(good[9]) + 1) % 10)


def row(n: int = 1, **cells) -> dict:
    """A good row for synthetic patient n (distinct hospital number, NHS number and name per n),
    aged 74 at a low-trauma left hip fracture; override any cell by column name."""
    good = {
        "local_id": f"T{n:06d}",
        "nhs_number": nhs_number(n),
        "family_name": f"Testfamily{n}",
        "given_name": "Alex",
        "date_of_birth": "1950-03-14",
        "sex": "female",
        "postcode": "ZZ99 3VZ",
        "gp_practice_code": "Y99999",
        "fracture_date": "2024-05-01",
        "fracture_site": "hip",
        "side": "left",
        "mechanism": "low",
        "identified_on": "2024-05-02",
        "source": "ed",
    }
    unknown = set(cells) - set(good)
    if unknown:
        raise KeyError(f"Not import columns: {sorted(unknown)}")
    good.update(cells)
    return good


def rows(count: int, start: int = 1, **cells) -> list[dict]:
    return [row(n, **cells) for n in range(start, start + count)]


def csv_text(body: list[dict], header: list[str] | None = None, delimiter: str = ",", *,
             with_header: bool = True) -> str:
    header = header or HEADER
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=delimiter, extrasaction="ignore", lineterminator="\r\n")
    if with_header:
        writer.writeheader()
    writer.writerows(body)
    return out.getvalue()


def csv_bytes(body: list[dict], header: list[str] | None = None, *, encoding: str = "utf-8",
              bom: bool = False, delimiter: str = ",") -> bytes:
    text = csv_text(body, header, delimiter)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
