"""`manage.py decision_support FILE.csv --out OUT.csv [--site CODE]` (issue 16): the output rows, the problems on
stderr with their line numbers, the JSON line, the exit codes, and the files it reads or refuses."""
import csv
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments import batch
from assessments import decision_support as ds
from assessments.models import DecisionSupportSettings, FraxInterventionThreshold
from patients.models import FractureSite

PROJECT = Path(settings.BASE_DIR)
HEADER = ",".join(batch.COLUMNS.names)
# A woman of 72 with a wrist fracture, osteopenia, normal bloods, proposed alendronate: no flag, no warning.
BASE = dict(case_id="C1", sex="F", age="72", index_fracture_site="wrist", fracture_date="2025-01-10",
            assessment_date="2025-03-01", lowest_t_score="-2.1", frax_mof="", frax_hip="", vertebral_fractures="0",
            last_vertebral_fracture_date="", glucocorticoid_mg_per_day="", glucocorticoid_months="", egfr="80",
            adjusted_calcium="2.40", vitamin_d="60", prior_mi_or_stroke="0", proposed_treatment="alendronate")
BASE_NOTES = ("calcium_threshold_unverified;cannot_stay_upright_not_recorded;egfr_used_as_creatinine_clearance;"
              "frax_not_recorded;"
              "multiple_clinical_risk_factors;oesophageal_disorder_not_recorded;oral_bisphosphonate_administration")


def row(**cells) -> str:
    values = {**BASE, **cells}
    return ",".join(values[name] for name in batch.COLUMNS.names)


@pytest.fixture
def csv_file(tmp_path):
    def write(*lines, header=HEADER, newline="\n", bom=False, name="caseload.csv"):
        path = tmp_path / name
        text = newline.join([header, *lines]) + newline
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return path
    return write


def run(path, *args, out=None):
    """(stdout, stderr lines, the output file's rows as dicts)."""
    out = out or Path(path).with_name("advice.csv")
    stdout, stderr = StringIO(), StringIO()
    call_command("decision_support", str(path), "--out", str(out), *args, stdout=stdout, stderr=stderr)
    with open(out, newline="", encoding="utf-8") as written:
        rows = list(csv.DictReader(written))
    return stdout.getvalue(), stderr.getvalue().splitlines(), rows


def refused(*args) -> str:
    with pytest.raises(CommandError) as raised:
        call_command("decision_support", *map(str, args), stdout=StringIO(), stderr=StringIO())
    return str(raised.value)


def test_it_writes_a_row_per_case_and_ends_with_one_json_line(db, csv_file):
    path = csv_file(
        row(),
        # Very high risk twice over; alendronate with an eGFR below 35.
        row(case_id="C2", lowest_t_score="-3.6", index_fracture_site="vertebra", fracture_date="2024-06-01",
            vertebral_fractures="2", egfr="34.9"),
        row(case_id="C3", lowest_t_score="", proposed_treatment="none", egfr="", adjusted_calcium="", vitamin_d=""),
    )
    stdout, stderr, rows = run(path)
    assert stderr == []
    assert stdout.splitlines()[-1] == '{"cases": 3, "very_high_risk": 1, "with_warnings": 1, "rejected": 0}'
    assert len([line for line in stdout.splitlines() if line.startswith("{")]) == 1
    assert list(rows[0]) == list(batch.OUTPUT_COLUMNS)
    assert rows == [
        {"case_id": "C1", "who_class": "osteopenia", "very_high_risk": "0", "very_high_reasons": "", "warnings": "",
         "notes": BASE_NOTES},
        {"case_id": "C2", "who_class": "severe_osteoporosis", "very_high_risk": "1",
         "very_high_reasons": "multiple_vertebral_fractures;recent_vertebral_fracture;t_score_le_minus_3_5",
         "warnings": "renal_impairment",
         "notes": "calcium_threshold_unverified;cannot_stay_upright_not_recorded;consider_specialist_referral;"
                  "egfr_used_as_creatinine_clearance;frax_not_recorded;multiple_clinical_risk_factors;"
                  "oesophageal_disorder_not_recorded;"
                  "oral_bisphosphonate_administration"},
        {"case_id": "C3", "who_class": "unknown", "very_high_risk": "0", "very_high_reasons": "", "warnings": "",
         "notes": "frax_not_recorded;multiple_clinical_risk_factors;no_drug_proposed;t_score_not_recorded"},
    ]


def test_warnings_are_the_four_codes_for_the_proposed_drug(db, csv_file):
    path = csv_file(
        row(case_id="R1", proposed_treatment="zoledronic_acid", egfr="30", adjusted_calcium="2.10", vitamin_d="40"),
        row(case_id="R2", proposed_treatment="romosozumab", prior_mi_or_stroke="1", adjusted_calcium="2.19"),
        row(case_id="R3", proposed_treatment="teriparatide", egfr="29.9", adjusted_calcium="2.00", vitamin_d="10"),
    )
    stdout, stderr, rows = run(path)
    assert [r["warnings"] for r in rows] == [
        "hypocalcaemia;renal_impairment;vitamin_d_deficiency",
        "cardiovascular_contraindication;hypocalcaemia",
        "renal_impairment",  # teriparatide: no calcium or vitamin D check, a note for the low vitamin D
    ]
    assert "vitamin_d_deficient" in rows[2]["notes"].split(";")
    assert json.loads(stdout.splitlines()[-1])["with_warnings"] == 3


def test_a_contraindication_other_than_the_four_codes_is_a_note():
    advice = ds.advise(ds.CaseFacts(assessment_date=date(2025, 3, 1), index_fracture_site="wrist",
                                    egfr=Decimal("20"), adjusted_calcium=Decimal("2.4"),
                                    proposed_treatment="alendronate", oesophageal_disorder=True))
    case_id, who, very_high, reasons, warnings, notes = batch.output_row("C9", advice)
    assert warnings == "renal_impairment"
    assert "oesophageal_disorder" in notes.split(";")
    assert notes.split(";") == sorted(set(notes.split(";")))


def test_rejected_rows_are_listed_on_stderr_with_their_line_numbers(db, csv_file):
    path = csv_file(
        row(case_id="OK1"),
        row(case_id="B1", fracture_date="2025-02-30"),                        # line 3
        row(case_id="B2", egfr="\"3,5\"", lowest_t_score="abc"),  # line 4: two problems
        "",                                                                   # line 5: blank, counted
        row(case_id="B3", vertebral_fractures="-1"),                          # line 6
        row(case_id="B4", index_fracture_site="knee", sex="X", proposed_treatment="aspirin"),  # line 7
        row(case_id="B5", fracture_date="2025-03-02"),                        # line 8
        row(case_id="B6", assessment_date=""),                                # line 9
        row(case_id=""),                                                      # line 10
        row(case_id="B7", last_vertebral_fracture_date="2025-03-02", vertebral_fractures="1"),  # line 11
        row(case_id="B8", prior_mi_or_stroke="yes", age="71.5"),              # line 12
        row(case_id="OK2"),                                                   # line 13
    )
    stdout, stderr, rows = run(path)
    assert stderr == [
        "row 3, column fracture_date: “2025-02-30” is not a date: write it as YYYY-MM-DD.",
        "row 4, column lowest_t_score: “abc” is not a number: write digits, with a dot for decimals (2.35).",
        "row 4, column egfr: “3,5” is not a number: write digits, with a dot for decimals (2.35).",
        "row 6, column vertebral_fractures: -1: this cannot be negative.",
        "row 7, column sex: “X” is not one of: F, M.",
        "row 7, column index_fracture_site: “knee” is not one of: hip, vertebra, wrist, humerus, pelvis, ankle, "
        "other.",
        "row 7, column proposed_treatment: “aspirin” is not one of: alendronate, risedronate, ibandronate, "
        "zoledronic_acid, denosumab, teriparatide, romosozumab, abaloparatide, none.",
        "row 8, column fracture_date: 2025-03-02 is after the assessment_date (2025-03-01): the rules look back "
        "from the assessment.",
        "row 9, column assessment_date: This value is required.",
        "row 10, column case_id: This value is required.",
        "row 11, column last_vertebral_fracture_date: 2025-03-02 is after the assessment_date (2025-03-01): the "
        "rules look back from the assessment.",
        "row 12, column age: “71.5” is not a whole number.",
        "row 12, column prior_mi_or_stroke: “yes” is not 0 or 1.",
    ]
    assert [r["case_id"] for r in rows] == ["OK1", "OK2"]
    assert json.loads(stdout.splitlines()[-1]) == {"cases": 2, "very_high_risk": 0, "with_warnings": 0,
                                                   "rejected": 9}


@pytest.mark.parametrize(("cells", "expected"), [
    ({"age": "121"}, "row 2, column age: 121 is outside 0 to 120: a typing or unit mistake?"),
    ({"adjusted_calcium": "9.2"}, "row 2, column adjusted_calcium: 9.2 is outside 0 to 5: a typing or unit mistake?"),
    ({"lowest_t_score": "-8.1"}, "row 2, column lowest_t_score: -8.1 is outside -8 to 6: a typing or unit mistake?"),
    ({"egfr": "-1"}, "row 2, column egfr: -1: this cannot be negative."),
    ({"glucocorticoid_months": "-2"}, "row 2, column glucocorticoid_months: -2: this cannot be negative."),
    ({"egfr": "NaN"}, "row 2, column egfr: “NaN” is not a number: write digits, with a dot for decimals (2.35)."),
    ({"egfr": "1e2"}, "row 2, column egfr: “1e2” is not a number: write digits, with a dot for decimals (2.35)."),
    ({"fracture_date": "10/01/2025"},
     "row 2, column fracture_date: “10/01/2025” is not a date: write it as YYYY-MM-DD."),
    ({"fracture_date": "1979-12-31"}, "row 2, column fracture_date: 1979-12-31 is before 1980: not a plausible date."),
    ({"index_fracture_site": ""}, "row 2, column index_fracture_site: This value is required."),
    ({"index_fracture_site": "vertebra", "vertebral_fractures": "0"},
     "row 2, column vertebral_fractures: 0, but the index fracture is vertebral: the count includes it."),
    ({"last_vertebral_fracture_date": "2024-01-01", "vertebral_fractures": "0"},
     "row 2, column vertebral_fractures: 0, but a last_vertebral_fracture_date is given."),
    ({"case_id": "=HYPERLINK(1)"},
     "row 2, column case_id: A case_id cannot start with = + - or @ (a spreadsheet would run it as a formula)."),
    ({"case_id": "X" * 101}, "row 2, column case_id: A case_id has at most 100 characters."),
])
def test_each_kind_of_bad_cell_is_refused_with_its_reason(db, csv_file, cells, expected):
    stdout, stderr, rows = run(csv_file(row(**cells)))
    assert stderr == [expected]
    assert rows == []
    assert json.loads(stdout.splitlines()[-1])["rejected"] == 1


def test_a_row_with_more_cells_than_the_header_is_refused(db, csv_file):
    stdout, stderr, rows = run(csv_file(row() + ",extra"))
    assert stderr == ["row 2, column -: This row has 19 cells but the header has 18: a value with a comma in it "
                      "must be in double quotes."]


def test_a_repeated_case_id_is_refused_and_the_first_kept(db, csv_file):
    path = csv_file(row(case_id="A"), row(case_id="B"), row(case_id="A", lowest_t_score="-3.9"),
                    row(case_id="C", egfr="bad"), row(case_id="C"))
    stdout, stderr, rows = run(path)
    assert stderr == [
        "row 4, column case_id: This case_id is already used by row 2.",
        "row 5, column egfr: “bad” is not a number: write digits, with a dot for decimals (2.35).",
        "row 6, column case_id: This case_id is already used by row 5.",
    ]
    assert [(r["case_id"], r["very_high_risk"]) for r in rows] == [("A", "0"), ("B", "0")]
    assert json.loads(stdout.splitlines()[-1]) == {"cases": 2, "very_high_risk": 0, "with_warnings": 0,
                                                   "rejected": 3}


def test_a_utf8_byte_order_mark_and_crlf_line_ends_are_read(db, csv_file):
    path = csv_file(row(case_id="Ä1"), row(case_id="B2", egfr="x"), newline="\r\n", bom=True)
    stdout, stderr, rows = run(path)
    assert [r["case_id"] for r in rows] == ["Ä1"]
    assert rows[0]["notes"] == BASE_NOTES
    assert stderr == ["row 3, column egfr: “x” is not a number: write digits, with a dot for decimals (2.35)."]


def test_columns_in_another_order_and_codes_in_any_case_are_read(db, csv_file):
    names = list(reversed(batch.COLUMNS.names))
    cells = {**BASE, "sex": "f", "index_fracture_site": "Vertebra", "vertebral_fractures": "1",
             "proposed_treatment": "Zoledronic_Acid", "vitamin_d": "49.9"}
    path = csv_file(",".join(cells[name] for name in names), header=",".join(names) + ",comment")
    stdout, stderr, rows = run(path)
    assert stderr == []
    assert rows[0]["very_high_reasons"] == "recent_vertebral_fracture"
    assert rows[0]["warnings"] == "vitamin_d_deficiency"


def test_it_uses_the_frax_table_of_the_database(db, csv_file):
    path = csv_file(row(frax_mof="16.0", age="72"))
    assert run(path)[2][0]["very_high_reasons"] == ""  # the shipped table: 20.0 % from 70, very high from 32 %
    assert "frax_thresholds_unverified" in run(path)[2][0]["notes"]
    FraxInterventionThreshold.objects.filter(from_age=70).update(mof_percent=Decimal("10.0"))
    FraxInterventionThreshold.objects.update(verified=True)
    advice = run(path)[2][0]
    assert advice["very_high_reasons"] == "frax_above_very_high_threshold"
    assert "frax_thresholds_unverified" not in advice["notes"]


def test_with_a_site_it_uses_the_sites_calcium_threshold(site_a, csv_file):
    DecisionSupportSettings.objects.create(site=site_a, adjusted_calcium_low=Decimal("2.30"))
    path = csv_file(row(adjusted_calcium="2.25"))
    assert run(path)[2][0]["warnings"] == ""
    assert run(path, "--site", "north")[2][0]["warnings"] == "hypocalcaemia"


def test_an_unknown_site_is_refused(db, csv_file, tmp_path):
    assert refused(csv_file(row()), "--out", tmp_path / "o.csv", "--site", "nowhere") == (
        "No site has the code 'nowhere'.")


def test_a_file_without_a_column_is_refused_and_nothing_is_written(db, csv_file, tmp_path):
    path = csv_file(row(), header=HEADER.replace(",egfr,", ",eGFR_mL,"))
    out = tmp_path / "o.csv"
    assert refused(path, "--out", out).startswith(
        f"Cannot check {path}: The first row must name the columns; these are missing: egfr.")
    assert not out.exists()


def test_a_missing_file_a_directory_a_workbook_and_an_empty_file_are_refused(db, tmp_path):
    out = tmp_path / "o.csv"
    missing = tmp_path / "missing.csv"
    assert refused(missing, "--out", out) == f"Cannot read {missing}: No such file or directory."
    assert refused(tmp_path, "--out", out) == f"Cannot read {tmp_path}: Is a directory."
    workbook = tmp_path / "cases.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert refused(workbook, "--out", out).startswith(f"Cannot check {workbook}: This is a spreadsheet workbook")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert refused(empty, "--out", out) == f"Cannot check {empty}: The file is empty."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.xlsx", "empty.csv"]  # no output, no leftovers


def test_the_output_file_is_replaced_whole_or_left_as_it_was(db, csv_file, tmp_path):
    out = tmp_path / "o.csv"
    out.write_text("earlier results\n")
    assert refused(csv_file(row()), "--out", tmp_path / "no-such-folder" / "o.csv").startswith("Cannot write")
    assert refused(csv_file(row()), "--out", csv_file(row())) == "The output file must not be the input file."
    run(csv_file(row()), out=out)
    assert out.read_text().startswith("case_id,who_class,")


def test_the_fracture_sites_are_the_apps():
    assert set(batch.FRACTURE_SITES) == set(FractureSite.values) == {
        "hip", "vertebra", "wrist", "humerus", "pelvis", "ankle", "other"}


def test_it_exits_non_zero_with_a_message_when_a_column_is_missing(tmp_path):
    # A real process, for the exit status a script sees. The file is checked before the database is used, so a
    # throwaway SQLite path keeps this away from anyone's data.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="fls.settings", REDIS_URL="", DATABASE_URL="",
               SQLITE_PATH=str(tmp_path / "unused.sqlite3"))
    path = tmp_path / "caseload.csv"
    path.write_text("case_id,sex\nC1,F\n")
    done = subprocess.run([sys.executable, "manage.py", "decision_support", str(path), "--out", str(tmp_path / "o")],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"Cannot check {path}: The first row must name the columns; these are missing: age," in done.stderr
    assert done.stdout == ""
