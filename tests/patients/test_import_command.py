"""`manage.py import_patients FILE --site CODE [--user USERNAME]`: exit codes, stderr and the JSON line."""
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from patients.models import ImportBatch, Patient

from .csv_rows import HEADER, HOSTILE_CELLS, csv_bytes, row, rows

PROJECT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)


@pytest.fixture
def csv_file(tmp_path):
    def write(body, name="ed-list.csv", **options):
        path = tmp_path / name
        path.write_bytes(csv_bytes(body, **options))
        return path
    return write


def import_patients(*args):
    out, err = StringIO(), StringIO()
    call_command("import_patients", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_file_and_ends_with_a_json_line(site_a, manager_a, csv_file):
    out, err = import_patients(csv_file(rows(3)), "--site", "north")
    assert json.loads(out.splitlines()[-1]) == {"rows": 3, "imported": 3, "duplicates": 0, "rejected": 0}
    assert err == ""
    assert Patient.objects.filter(site=site_a, created_by=manager_a).count() == 3


def test_rejected_rows_are_listed_on_stderr_and_the_file_still_counts_as_read(site_a, manager_a, csv_file):
    body = [row(1), row(2, date_of_birth="31/02/1950", fracture_site="knee"), row(3, sex="")]
    out, err = import_patients(csv_file(body), "--site", "north")
    assert out.strip().splitlines()[-1] == '{"rows": 3, "imported": 1, "duplicates": 0, "rejected": 2}'
    assert err.splitlines() == [
        "row 3, column date_of_birth: “31/02/1950” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY.",
        "row 3, column fracture_site: “knee” is not a known fracture site: use one of hip, vertebra, wrist, "
        "humerus, pelvis, ankle, other.",
        "row 4, column sex: This value is required (use “unknown” if it is not known).",
    ]


def test_importing_the_same_file_again_reports_duplicates(site_a, manager_a, csv_file):
    path = csv_file(rows(2) + [row(3, family_name=HOSTILE_CELLS[0])])
    import_patients(path, "--site", "north")
    out, _ = import_patients(path, "--site", "north")
    assert json.loads(out.splitlines()[-1]) == {"rows": 3, "imported": 0, "duplicates": 3, "rejected": 0}
    assert Patient.objects.count() == 3
    assert ImportBatch.objects.count() == 2


def test_it_records_the_named_user_as_the_importer(site_a, manager_a, nurse_a, csv_file):
    import_patients(csv_file(rows(1)), "--site", "north", "--user", "nurse_a")
    assert Patient.objects.get().created_by == nurse_a
    assert ImportBatch.objects.get().uploaded_by == nurse_a


def test_by_default_the_sites_administrator_or_manager_is_the_importer(site_a, nurse_a, admin_a, csv_file):
    import_patients(csv_file(rows(1)), "--site", "north")
    assert Patient.objects.get().created_by == admin_a


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        import_patients(*args)
    assert not ImportBatch.objects.exists() and not Patient.objects.exists()
    return str(caught.value)


def test_a_missing_file_is_refused(site_a, manager_a, tmp_path):
    missing = tmp_path / "missing.csv"
    assert refused(missing, "--site", "north") == f"Cannot read {missing}: No such file or directory."


def test_a_directory_is_refused(site_a, manager_a, tmp_path):
    assert refused(tmp_path, "--site", "north") == f"Cannot read {tmp_path}: Is a directory."


def test_a_file_without_the_required_columns_is_refused(site_a, manager_a, csv_file):
    path = csv_file(rows(1), header=[c for c in HEADER if c != "sex"])
    assert refused(path, "--site", "north").startswith(
        f"Cannot import {path}: The first row must name the columns; these are missing: sex."
    )


def test_an_empty_file_is_refused(site_a, manager_a, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert refused(path, "--site", "north") == f"Cannot import {path}: The file is empty."


def test_an_unknown_site_is_refused(site_a, manager_a, csv_file):
    assert refused(csv_file(rows(1)), "--site", "nowhere") == "No active site has the code 'nowhere'."


def test_a_user_from_another_site_is_refused(site_a, manager_a, nurse_b, csv_file):
    assert refused(csv_file(rows(1)), "--site", "north", "--user", "nurse_b") == (
        "No active user 'nurse_b' is a member of site 'north'."
    )


def test_it_needs_someone_to_record_as_the_importer(site_a, nurse_a, csv_file):
    assert refused(csv_file(rows(1)), "--site", "north") == (
        "Site 'north' has no active administrator or manager to record as the importer: name one with --user USERNAME."
    )


def test_it_exits_non_zero_with_a_message_when_the_file_cannot_be_read(tmp_path):
    # A real process, for the exit status a scheduler or shell script sees. The file is checked
    # before the database is used, so a throwaway SQLite path keeps this away from anyone's data.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="fls.settings", REDIS_URL="", DATABASE_URL="",
               SQLITE_PATH=str(tmp_path / "unused.sqlite3"))
    missing = tmp_path / "missing.csv"
    done = subprocess.run(
        [sys.executable, "manage.py", "import_patients", str(missing), "--site", "north"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith(f"Cannot read {missing}: No such file or directory.")
    assert done.stdout == ""
