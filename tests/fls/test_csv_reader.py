"""The one CSV reader (fls.csvread) the patient import and the report intake share: which files it reads, how it
names their columns, the row numbers it gives, and the dates it accepts."""
import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fls.csvread import (
    CsvColumns, file_encoding, normalise_column, parse_date, read_rows, refuse_if_too_large,
)

FRUIT = CsvColumns(("name", "date_picked", "colour"), optional=frozenset({"colour"}))


def read(raw: bytes, columns=FRUIT):
    file = io.BytesIO(raw)
    table, rows = read_rows(file, file_encoding(file), columns)
    return table, list(rows)


def refusal(raw: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read(raw)
    return caught.value


def test_it_reads_a_utf8_file_with_its_header_as_row_one():
    table, rows = read(b"name,date_picked\nApple,2024-03-01\nPear,01/03/2024\n")
    assert table.columns == ["name", "date_picked"]
    assert rows == [(2, ["Apple", "2024-03-01"]), (3, ["Pear", "01/03/2024"])]


def test_header_names_are_normalised_and_kept_as_written():
    table, _ = read(b"Name , Date-Picked,COLOUR\nApple,2024-03-01,red\n")
    assert table.columns == ["name", "date_picked", "colour"]
    assert table.header == ["Name ", " Date-Picked", "COLOUR"]
    assert normalise_column("\ufeff  Date  of\tbirth ") == "date_of_birth"


def test_a_byte_order_mark_is_not_part_of_the_first_column():
    raw = b"\xef\xbb\xbfname,date_picked\nApple,2024-03-01\n"
    assert file_encoding(io.BytesIO(raw)) == "utf-8-sig"
    table, _ = read(raw)
    assert table.header[0] == "name"


def test_windows_1252_and_utf16_files_are_read():
    table, rows = read("name,date_picked\nCrème,2024-03-01\n".encode("cp1252"))
    assert rows == [(2, ["Crème", "2024-03-01"])]
    table, rows = read("name,date_picked\nCrème,2024-03-01\n".encode("utf-16"))
    assert rows == [(2, ["Crème", "2024-03-01"])]


def test_semicolons_and_tabs_are_recognised_as_the_delimiter():
    table, rows = read(b"name;date_picked\nApple;2024-03-01\n")
    assert (table.delimiter, rows) == (";", [(2, ["Apple", "2024-03-01"])])
    assert read(b"name\tdate_picked\nApple\t2024-03-01\n")[0].delimiter == "\t"


def test_blank_lines_are_skipped_but_counted_in_the_row_numbers():
    _, rows = read(b"\nname,date_picked\n\nApple,2024-03-01\n ,\nPear,2024-03-02\n\n")
    assert rows == [(4, ["Apple", "2024-03-01"]), (6, ["Pear", "2024-03-02"])]


def test_a_file_that_is_not_utf8_or_windows_1252_is_refused_saying_how_to_save_it():
    error = refusal(b"name,date_picked\nApple,2024-03-01\n\x81\x81")
    assert error.code == "encoding"
    assert error.messages == ["The file's characters could not be read: save it as “CSV UTF-8” and upload it again."]


def test_workbooks_binary_and_empty_files_are_refused_with_what_is_wrong():
    assert refusal(b"PK\x03\x04rest of a zip").code == "workbook"
    assert refusal(b"\x89PNG\r\n\x1a\n\x00\x00").messages == ["This is not a text (CSV) file."]
    assert refusal(b" \r\n\r\n").messages == ["The file is empty."]


def test_missing_and_repeated_columns_are_named():
    missing = refusal(b"name,colour\nApple,red\n")
    assert missing.messages == [
        "The first row must name the columns; these are missing: date_picked. "
        "The columns are: name, date_picked, colour (colour may be left out)."
    ]
    assert refusal(b"name,date_picked,Name\nA,2024-03-01,B\n").messages == [
        "These columns appear more than once: name."
    ]


def test_a_row_too_big_to_be_csv_is_refused_with_its_row_number_when_it_is_reached():
    huge = b"x" * (csv.field_size_limit() + 1)
    file = io.BytesIO(b"name,date_picked\nApple,2024-03-01\n" + huge + b",2024-03-01\n")
    table, rows = read_rows(file, "utf-8", FRUIT)
    assert next(rows) == (2, ["Apple", "2024-03-01"])
    with pytest.raises(ValidationError) as caught:
        next(rows)
    assert caught.value.messages[0].startswith("The file could not be read as CSV at row 3: ")


def test_reading_leaves_the_uploaded_file_open():
    file = io.BytesIO(b"name,date_picked\nApple,2024-03-01\n")
    _, rows = read_rows(file, "utf-8", FRUIT)
    list(rows)
    assert not file.closed


def test_cells_are_given_by_column_and_a_row_with_extra_cells_says_so():
    table, rows = read(b"name,date_picked\nApple\nPear,2024-03-01,oops\n")
    assert table.cells_by_column(rows[0][1]) == {"name": "Apple", "date_picked": ""}
    assert table.extra_cells_problem(rows[0][1]) == ""
    assert table.extra_cells_problem(rows[1][1]) == (
        "This row has 3 cells but the header has 2: a value with a comma in it must be in double quotes."
    )
    assert table.extra_cells_problem(["Pear", "2024-03-01", " "]) == ""


def test_a_file_over_the_limit_is_refused_in_megabytes():
    refuse_if_too_large(2 * 1024 * 1024, 2 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        refuse_if_too_large(2 * 1024 * 1024 + 1, 2 * 1024 * 1024)
    assert caught.value.messages == ["The file is larger than 2 MB: split it into smaller files."]


@pytest.mark.parametrize("text", ["2024-03-01", "01/03/2024", "1/3/2024", "2024-3-1"])
def test_dates_are_read_as_yyyy_mm_dd_or_dd_mm_yyyy(text):
    assert parse_date(text) == date(2024, 3, 1)


@pytest.mark.parametrize("text", ["2024-02-30", "31/02/2024", "20240301", "03/13/2024", "yesterday"])
def test_anything_else_is_not_a_date_and_says_how_to_write_one(text):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == f"“{text}” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."


def test_a_caller_may_accept_further_date_formats():
    assert parse_date("20240301", ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d")) == date(2024, 3, 1)


def test_a_long_cell_is_shortened_where_it_is_quoted():
    with pytest.raises(ValueError) as caught:
        parse_date("x" * 60)
    assert str(caught.value).startswith(f"“{'x' * 40}…” is not a date")
