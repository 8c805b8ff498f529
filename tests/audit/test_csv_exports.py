"""The KPI table and the audit dataset as CSV, and `manage.py export_kpis`; formula cells are escaped."""
import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.dataset import DATASET_HEADER
from fls.csvsafe import csv_unescape

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
PARAMS = {"site": "north", "from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}


def read(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_kpi_table_csv_round_trips(client, manager_a, north_records):
    client.force_login(manager_a)
    response = client.get(reverse("audit:kpi_csv"), PARAMS)
    assert response["Content-Type"].startswith("text/csv")
    rows = read(response.content.decode())
    assert list(rows[0]) == ["kpi", "numerator", "denominator", "percent", "target"]
    assert len(rows) == 11
    kpi4 = rows[3]
    assert kpi4 == {"kpi": "4 Assessment within window", "numerator": "3", "denominator": "5", "percent": "60.0",
                    "target": "≥ 80%"}


def test_the_dataset_csv_has_the_audit_field_order_and_escapes_formula_cells(client, manager_a, north_records):
    from patients.models import Patient

    Patient.objects.filter(pk=north_records[1].patient_id).update(postcode="=SUM(1)", gp_practice_code="-2+3")
    client.force_login(manager_a)
    text = b"".join(client.get(reverse("audit:dataset_csv"), PARAMS).streaming_content).decode()
    rows = read(text)
    assert text.splitlines()[0].split(",") == DATASET_HEADER
    assert len(rows) == 5
    first = rows[0]
    assert first["fracture_date"] == "2025-01-01"
    assert first["postcode"] == "'=SUM(1)"
    assert csv_unescape(first["postcode"]) == "=SUM(1)"
    assert first["gp_practice_code"] == "'-2+3"
    assert first["assessment_date"] == "2025-04-01"
    assert first["contact_12_16_weeks_on"] == "2025-03-26"
    assert first["adherence_52_weeks"] == "as_prescribed"
    assert first["treatment_started_on"] == "2025-04-23"


def test_export_kpis_prints_the_table_for_a_site_and_period(north_records):
    out = io.StringIO()
    call_command("export_kpis", "--site", "north", "--from", "2025-01-01", "--to", "2025-12-31", stdout=out)
    rows = read(out.getvalue())
    assert list(rows[0]) == ["kpi", "numerator", "denominator", "percent", "target"]
    by_kpi = {row["kpi"].split(" ")[0]: row for row in rows}
    assert (by_kpi["3"]["numerator"], by_kpi["3"]["denominator"], by_kpi["3"]["percent"]) == ("1", "5", "20.0")
    assert by_kpi["2"]["denominator"] == ""


def test_export_kpis_refuses_an_unknown_site(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_kpis", "--site", "nowhere", "--from", "2025-01-01", "--to", "2025-12-31")
