"""`manage.py screen_reports FILE --site CODE [--decisions OUT.csv]`."""
import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import NEGATIVE_REPORT, oru_message, reports_csv, report_row

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("screen_reports", str(path), *args, stdout=out, stderr=err)
    return json.loads(out.getvalue().strip().splitlines()[-1]), err.getvalue()


def test_it_ends_with_a_json_summary_and_writes_decisions(tmp_path, site_a):
    source = tmp_path / "reports.csv"
    source.write_bytes(reports_csv([
        report_row(), report_row(accession="ACC2", report_text=NEGATIVE_REPORT),
        report_row(accession="ACC3", exam_date="yesterday"), report_row(),
    ]))
    decisions = tmp_path / "out.csv"
    summary, err = run(source, "--site", "north", "--decisions", str(decisions))
    assert summary == {"reports": 4, "candidates": 1, "already_seen": 1, "rejected": 1}
    assert "row 4, column exam_date" in err
    rows = list(csv.DictReader(decisions.open()))
    assert [(r["accession"], r["candidate"], r["site"]) for r in rows] == [("ACC1001", "1", "hip"), ("ACC2", "0", "")]
    assert "neck of femur" in rows[0]["evidence"]

    again, _ = run(source, "--site", "north")
    assert again == {"reports": 4, "candidates": 0, "already_seen": 3, "rejected": 1}


def test_it_reads_a_file_of_hl7_messages(tmp_path, site_a):
    source = tmp_path / "feed.hl7"
    source.write_text("\n".join([oru_message(), oru_message(control="M2", accession="ACC2002", text=("No fracture.",)),
                                 "MSH|^~\\&|RIS|NGH|FLS|NORTH|20260101||ADT^A01|M3|P|2.5\rPID|1||X"]))
    summary, err = run(source, "--site", "north")
    assert summary == {"reports": 3, "candidates": 1, "already_seen": 0, "rejected": 1}
    assert "ADT^A01 is not ORU^R01" in err


def test_an_unknown_site_or_unreadable_file_fails_clearly(tmp_path, site_a):
    (tmp_path / "x.csv").write_bytes(reports_csv([report_row()]))
    with pytest.raises(CommandError, match="No active site"):
        run(tmp_path / "x.csv", "--site", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv", "--site", "north")
