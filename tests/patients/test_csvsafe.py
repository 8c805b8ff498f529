"""CSV we write is safe to open in a spreadsheet (fls/csvsafe.py; OWASP "CSV Injection")."""
import csv
import io

import pytest
from django.http import HttpResponse

from fls.csvsafe import csv_safe, csv_unescape, write_csv


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1+1", "-2+3", "\t=1", "\r=1"])
def test_a_formula_looking_cell_is_written_as_text(cell):
    assert csv_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Smith", "O'Brien", "", "1950-03-14", " =not first", "a=b"])
def test_an_ordinary_cell_is_written_as_it_is(cell):
    assert csv_safe(cell) == cell


@pytest.mark.parametrize("value", [None, 3, -3, 2.5])
def test_a_value_that_is_not_text_is_left_alone(value):
    assert csv_safe(value) == value


def test_unescaping_gives_back_the_original_cell():
    for cell in ['=HYPERLINK("http://x","y")', "@SUM(1)", "O'Brien", "'quoted'"]:
        assert csv_unescape(csv_safe(cell)) == cell


def test_write_csv_escapes_every_cell_of_dicts_and_sequences():
    text = write_csv([{"name": "@SUM(1)", "note": "fine"}, ["=1+1", None]], ["name", "note"])
    assert list(csv.reader(io.StringIO(text))) == [["name", "note"], ["'@SUM(1)", "fine"], ["'=1+1", ""]]


def test_write_csv_can_write_into_a_response():
    response = HttpResponse(content_type="text/csv")
    assert write_csv([["-5"]], ["n"], out=response) is response
    assert response.content.decode().splitlines() == ["n", "'-5"]
