"""Reading an uploaded file: what import_batch_create accepts, and the clear reason when it refuses."""
import csv
import hashlib

import pytest
from django.core.exceptions import ValidationError

from patients import importing
from patients.importing import import_batch_create, import_batch_run
from patients.models import ImportBatch, Patient, Side

from .csv_rows import HEADER, csv_bytes, csv_text, row, rows


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)


def create(site, by, raw_bytes, filename="ed-list.csv"):
    return import_batch_create(site=site, by=by, filename=filename, raw_bytes=raw_bytes)


def refusal(site, by, raw_bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        create(site, by, raw_bytes)
    assert not ImportBatch.objects.exists()
    return " ".join(caught.value.messages)


def test_it_stores_a_queued_batch_with_the_file_and_its_checksum(site_a, nurse_a):
    raw = csv_bytes(rows(3))
    batch = create(site_a, nurse_a, raw)
    assert batch.status == ImportBatch.Status.QUEUED
    assert batch.rows_total == 3
    assert list(importing.import_batch_rows(batch)) == [
        (n, list(row(n - 1).values())) for n in range(2, 5)
    ]
    assert (batch.header, batch.delimiter, batch.chunks_total) == (HEADER, ",", 1)
    assert batch.content_sha256 == hashlib.sha256(raw).hexdigest()
    assert (batch.site, batch.uploaded_by, batch.filename) == (site_a, nurse_a, "ed-list.csv")
    assert not Patient.objects.exists()


def test_it_keeps_only_the_file_name_of_a_path(site_a, nurse_a):
    assert create(site_a, nurse_a, csv_bytes(rows(1)), filename="C:\\Users\\me\\ed.csv").filename == "ed.csv"


def test_it_reads_utf8_with_a_byte_order_mark(site_a, nurse_a):
    batch = import_batch_run(create(site_a, nurse_a, csv_bytes([row(1, given_name="Zoë")], bom=True)).pk)
    assert batch.imported == 1
    assert Patient.objects.get().given_name == "Zoë"


def test_it_falls_back_to_windows_1252(site_a, nurse_a):
    batch = import_batch_run(create(site_a, nurse_a, csv_bytes([row(1, given_name="Zoë")], encoding="cp1252")).pk)
    assert batch.imported == 1
    assert Patient.objects.get().given_name == "Zoë"


def test_it_reads_excel_unicode_text(site_a, nurse_a):
    raw = csv_text([row(1, given_name="Zoë")], delimiter="\t").encode("utf-16")
    batch = import_batch_run(create(site_a, nurse_a, raw).pk)
    assert batch.imported == 1
    assert Patient.objects.get().given_name == "Zoë"


def test_it_reads_semicolon_separated_files(site_a, nurse_a):
    batch = import_batch_run(create(site_a, nurse_a, csv_bytes(rows(2), delimiter=";")).pk)
    assert batch.imported == 2


def test_it_accepts_column_names_written_for_people(site_a, nurse_a):
    header = [name.replace("_", " ").title() for name in HEADER]  # "Local Id", "Nhs Number", "Date Of Birth"…
    text = ",".join(header) + "\r\n" + csv_text([row(1)], with_header=False)
    batch = import_batch_run(create(site_a, nurse_a, text.encode()).pk)
    assert batch.imported == 1


def test_optional_columns_may_be_left_out(site_a, nurse_a):
    header = [c for c in HEADER if c not in ("nhs_number", "postcode", "gp_practice_code", "side")]
    batch = import_batch_run(create(site_a, nurse_a, csv_bytes([row(1)], header)).pk)
    assert batch.imported == 1
    patient = Patient.objects.get()
    assert (patient.national_id, patient.postcode, patient.gp_practice_code) == ("", "", "")
    assert patient.episodes.get().side == Side.UNKNOWN


def test_extra_columns_are_ignored(site_a, nurse_a):
    body = [dict(row(1), ward="7B")]
    batch = import_batch_run(create(site_a, nurse_a, csv_bytes(body, HEADER + ["ward"])).pk)
    assert (batch.imported, batch.rejected) == (1, 0)


def test_blank_lines_are_skipped_but_rows_keep_their_spreadsheet_numbers(site_a, nurse_a):
    text = csv_text([row(1)]) + ",,,,\r\n" + csv_text([row(2, fracture_site="kneecap")], with_header=False)
    batch = import_batch_run(create(site_a, nurse_a, text.encode()).pk)
    assert (batch.rows_total, batch.imported, batch.rejected) == (2, 1, 1)
    assert [p["row"] for p in batch.problems] == [4]


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(site_a, nurse_a, raw):
    assert refusal(site_a, nurse_a, raw) == "The file is empty."


def test_a_file_with_only_a_header_is_refused(site_a, nurse_a):
    assert refusal(site_a, nurse_a, csv_bytes([])) == "The file has a header row but no rows to import."


def test_missing_columns_are_named(site_a, nurse_a):
    header = [c for c in HEADER if c not in ("date_of_birth", "source")]
    message = refusal(site_a, nurse_a, csv_bytes(rows(1), header))
    assert "these are missing: date_of_birth, source." in message


def test_a_file_without_a_header_row_is_refused(site_a, nurse_a):
    text = csv_text(rows(2), with_header=False)
    assert "The first row must name the columns" in refusal(site_a, nurse_a, text.encode())


def test_a_repeated_column_is_refused(site_a, nurse_a):
    assert "more than once: sex." in refusal(site_a, nurse_a, csv_bytes(rows(1), HEADER + ["sex"]))


def test_a_spreadsheet_workbook_is_refused_with_what_to_do(site_a, nurse_a):
    message = refusal(site_a, nurse_a, b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100)
    assert "spreadsheet workbook, not a CSV file" in message


def test_a_binary_file_is_refused(site_a, nurse_a):
    assert refusal(site_a, nurse_a, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == "This is not a text (CSV) file."


def test_undecodable_bytes_are_refused(site_a, nurse_a):
    # 0x81 is not a character in UTF-8 or Windows-1252.
    assert "characters could not be read" in refusal(site_a, nurse_a, csv_bytes(rows(1)) + b"\x81\x81")


def test_a_cell_too_big_to_be_csv_is_refused_with_its_row(site_a, nurse_a):
    huge = "x" * (csv.field_size_limit() + 1)
    message = refusal(site_a, nurse_a, csv_bytes([row(1), row(2, given_name=huge)]))
    assert message.startswith("The file could not be read as CSV at row 3")


def test_a_file_over_the_size_limit_is_refused(site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(importing, "MAX_UPLOAD_BYTES", 100)
    assert "larger than" in refusal(site_a, nurse_a, csv_bytes(rows(3)))


def test_only_a_member_of_the_site_can_import_into_it(site_b, nurse_a):
    assert refusal(site_b, nurse_a, csv_bytes(rows(1))) == "You can only import into a site you work at."
