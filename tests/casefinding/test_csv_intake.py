"""Reports from a CSV: each checked, screened and stored once per accession; a bad row is skipped
whole with its row, column and reason (mirrors patients/importing.py)."""
import pytest

from casefinding.models import RadiologyReport

from .conftest import NEGATIVE_REPORT, reports_csv, report_row

pytestmark = pytest.mark.django_db


def test_it_screens_and_stores_each_report(screen_file, site_a):
    batch = screen_file([report_row(), report_row(accession="ACC1002", local_id="N100002", report_text=NEGATIVE_REPORT)])
    assert (batch.reports, batch.candidates, batch.already_seen, batch.rejected) == (2, 1, 0, 0)
    candidate = RadiologyReport.objects.get(accession="ACC1001")
    assert (candidate.is_candidate, candidate.fracture_site, candidate.side) == (True, "hip", "left")
    assert not RadiologyReport.objects.get(accession="ACC1002").is_candidate


def test_a_repeated_accession_is_counted_not_duplicated(screen_file):
    screen_file([report_row()])
    again = screen_file([report_row(), report_row()])
    assert (again.reports, again.candidates, again.already_seen) == (2, 0, 2)
    assert RadiologyReport.objects.filter(accession="ACC1001").count() == 1


def test_a_malformed_row_is_reported_and_skipped_whole(screen_file):
    batch = screen_file([
        report_row(accession="ACC1", date_of_birth="06/05/1944"),
        report_row(accession="ACC2", exam_date="not a date"),
        report_row(accession="", local_id="N9"),
        report_row(accession="ACC4", sex="robot"),
        report_row(accession="ACC5", report_text=""),
    ])
    assert (batch.reports, batch.rejected) == (5, 4)
    assert {(p["row"], p["column"]) for p in batch.problems} == {
        (3, "exam_date"), (4, "accession"), (5, "sex"), (6, "report_text"),
    }
    assert list(RadiologyReport.objects.values_list("accession", flat=True)) == ["ACC1"]


def test_a_file_missing_columns_is_refused(screen_file):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="missing: accession"):
        screen_file(reports_csv([report_row()], header=("local_id", "report_text")))


def test_windows_1252_and_semicolons_are_read(screen_file):
    raw = reports_csv([report_row(family_name="Müller")]).decode().replace(",", ";").encode("cp1252")
    raw = raw.replace(b"Clinical details; Fall", b"Clinical details: Fall")
    batch = screen_file(raw)
    assert batch.rejected == 0
    assert RadiologyReport.objects.get().family_name == "Müller"


def test_the_same_accession_at_another_site_is_a_different_report(screen_file, site_b):
    screen_file([report_row()])
    from tests.factories import UserFactory
    from fls.roles import NURSE

    other = UserFactory(roles=[NURSE], sites=[site_b])
    assert screen_file([report_row()], site=site_b, by=other).candidates == 1


def test_nothing_identifying_is_logged(screen_file, caplog):
    caplog.set_level("DEBUG")
    screen_file([report_row(family_name="Identifiable", local_id="SECRET42", report_text="Findings: broken femoral neck.")])
    assert "Identifiable" not in caplog.text and "SECRET42" not in caplog.text and "femoral" not in caplog.text
