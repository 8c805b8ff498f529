"""Outcome beyond a year on the dashboard (docs/clinical-rules.md#outcome-beyond-a-year): persistence per drug at 1,
2 and 3 years and doses on time in years 1 to 3, counted by hand below, in a fixed number of queries, as CSV.

Courses are made the way the app makes them (a decision signed off, then treatment.services), under a clock frozen
on AS_OF, each with its own past dates. Chains start on START (1 Mar 2025): their 1-, 2- and 3-year points are
1 Mar 2026, 1 Mar 2027 and 29 Feb 2028 (365 days a year)."""
import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from audit.outcomes import treatment_outcomes
from fls.roles import CLINICIAN, NURSE
from patients import services as patient_services
from tests.factories import UserFactory
from tests.followup.conftest import make_patient_episode  # noqa: F401 (a fixture)
from tests.treatment.conftest import make_course  # noqa: F401 (a fixture)
from treatment import services
from treatment.models import TreatmentSettings

pytestmark = pytest.mark.django_db

AS_OF = date(2029, 6, 1)
START = date(2025, 3, 1)
FRACTURE = date(2025, 2, 1)
URL = reverse("audit:dashboard")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2029-06-01 10:00 +00:00", tick=False):
        yield


def dose(course, by, *days):
    for day in days:
        services.dose_record(course=course, by=by, given_on=day, place="fls_clinic")


@pytest.fixture
def chains(make_course, nurse_a, clinician_a, site_b):  # noqa: F811
    """The hand-counted courses at site_a, and one at site_b that site_a's figures never count."""
    def started(drug, on=START, **kw):
        kw.setdefault("fracture_date", FRACTURE)
        return make_course(drug, status="started", started_on=on, **kw)

    made = {}
    # A: alendronate, still on. B: alendronate stopped for side effects before its first year.
    made["A"] = started("alendronate")
    made["B"] = started("alendronate")
    services.course_stop(course=made["B"], by=clinician_a, stopped_on=date(2026, 1, 10), reason="side_effects")
    # C: denosumab, doses 1 Mar, 1 Sep (on time), 15 Apr 2026 (late: more than 7 months, limit 1 Apr) and 15 Oct
    # 2026 (on time); switched to zoledronic acid (a switch persists) before the last one's limit (not counted).
    # Zoledronic acid infused 1 Feb 2027 (chain year 2) and 1 Jun 2028 (late: limit 15 months, 1 May 2028).
    made["C"] = started("denosumab")
    dose(made["C"], nurse_a, START, date(2025, 9, 1), date(2026, 4, 15), date(2026, 10, 15))
    services.course_stop(course=made["C"], by=clinician_a, stopped_on=date(2027, 1, 10), reason="switched",
                         follow_on_drug="zoledronic_acid", follow_on_starts_on=date(2027, 2, 1))
    made["C2"] = made["C"].followed_by
    dose(made["C2"], nurse_a, date(2027, 2, 1), date(2028, 6, 1))
    # D: denosumab, one dose, stopped with no follow-on after its limit (1 Oct 2025) passed: on at 1 year only; the
    # dose's next never given (counted, late).
    made["D"] = started("denosumab")
    dose(made["D"], nurse_a, START)
    services.course_stop(course=made["D"], by=clinician_a, stopped_on=date(2026, 6, 1), reason="patient_choice",
                         note="Declined further injections.")
    # E: zoledronic acid, infused 1 Mar 2025, 1 Mar 2026 (on time; chain year 2 from its first day) and 1 Jun 2027
    # (exactly 15 months after: on time); a drug holiday after the review on 10 Jan 2028, before the 3-year point.
    made["E"] = started("zoledronic_acid")
    dose(made["E"], nurse_a, START, date(2026, 3, 1), date(2027, 6, 1))
    services.review_record(course=made["E"], by=clinician_a, reviewed_on=date(2028, 1, 10), outcome="holiday")
    # I: denosumab started exactly a year before AS_OF: counted at 1 year (on); its dose's limit passed with no
    # next dose (counted, late).
    made["I"] = started("denosumab", on=date(2028, 6, 1), fracture_date=date(2028, 5, 1))
    dose(made["I"], nurse_a, date(2028, 6, 1))
    # Not counted: F started less than a year ago; G never started (planned since 2025); H died before a year.
    made["F"] = started("alendronate", on=date(2028, 9, 1), fracture_date=date(2028, 8, 1))
    with time_machine.travel("2025-03-01 10:00 +00:00", tick=False):
        made["G"] = make_course("alendronate", fracture_date=FRACTURE, status="planned")
    made["H"] = started("alendronate")
    patient = made["H"].episode.patient
    patient_services.patient_update(patient=patient, by=nurse_a, expected_version=patient.version,
                                    date_of_death=date(2026, 1, 1))
    clinician_b = UserFactory(username="clinician_b", roles=[CLINICIAN], sites=[site_b])
    nurse_b = UserFactory(username="nurse_b2", roles=[NURSE], sites=[site_b])
    made["other_site"] = started("alendronate", site=site_b, nurse=nurse_b, clinician=clinician_b)
    return made


def by_drug(outcomes):
    return {row.drug: row for row in outcomes.drugs}


def persistence(row):
    return [(cell.numerator, cell.denominator, cell.on_holiday) for cell in row.persistence]


def doses(row):
    return [(cell.numerator, cell.denominator) for cell in row.doses_on_time]


def test_persistence_counts_switches_and_holidays_as_persisting_and_stops_as_not(chains, site_a):
    rows = by_drug(treatment_outcomes(sites=[site_a], as_of=AS_OF))
    # A on; B stopped; F, G, H not counted.
    assert persistence(rows["alendronate"]) == [(1, 2, 0), (1, 2, 0), (1, 2, 0)]
    # C (switched to zoledronic acid: persisting, counted under the drug started on), D (on at 1 year, stopped with
    # no follow-on before 2), I (1 year only).
    assert persistence(rows["denosumab"]) == [(3, 3, 0), (1, 2, 0), (1, 2, 0)]
    # E on at 1 and 2 years, on a drug holiday after review at 3: persisting by plan, shown apart.
    assert persistence(rows["zoledronic_acid"]) == [(1, 1, 0), (1, 1, 0), (1, 1, 1)]
    assert rows["zoledronic_acid"].persistence[2].percent == 100.0
    assert rows["zoledronic_acid"].persistence[2].on_treatment == 0
    assert [cell.project_measure for cell in rows["denosumab"].persistence] == [False, True, True]
    # Every drug with rules is shown, with nothing counted where there are no courses.
    assert list(rows) == ["alendronate", "risedronate", "ibandronate", "zoledronic_acid", "denosumab",
                          "teriparatide", "romosozumab", "abaloparatide"]
    assert persistence(rows["teriparatide"]) == [(0, 0, 0)] * 3 and rows["teriparatide"].persistence[0].percent is None


def test_the_as_of_date_decides_which_points_have_passed(chains, site_a):
    # The day before I's first year and before C's, D's, E's third: I leaves the 1-year count.
    rows = by_drug(treatment_outcomes(sites=[site_a], as_of=date(2029, 5, 31)))
    assert persistence(rows["denosumab"])[0] == (2, 2, 0)
    rows = by_drug(treatment_outcomes(sites=[site_a], as_of=date(2028, 2, 28)))
    assert persistence(rows["zoledronic_acid"]) == [(1, 1, 0), (1, 1, 0), (0, 0, 0)]


def test_doses_on_time_count_each_wait_for_the_next_dose_by_the_drugs_limit(chains, site_a):
    rows = by_drug(treatment_outcomes(sites=[site_a], as_of=AS_OF))
    # Year 1: C 1 Mar (on time), C 1 Sep (late), D (never given, limit passed), I (limit passed). Year 2: C 15 Apr
    # 2026 (on time); C 15 Oct 2026 not counted (switched before its limit).
    assert doses(rows["denosumab"]) == [(1, 4), (1, 1), (0, 0)]
    # Year 1: E 1 Mar 2025 (on time). Year 2: E 1 Mar 2026 (on its limit's day: on time), C's 1 Feb 2027 (late).
    # E's 2027 dose is not counted (the holiday stopped the course first), nor C's 2028 one (limit not yet passed).
    assert doses(rows["zoledronic_acid"]) == [(1, 1), (1, 2), (0, 0)]
    assert rows["zoledronic_acid"].doses_unverified and not rows["denosumab"].doses_unverified
    assert rows["alendronate"].doses_on_time is None


def test_the_zoledronic_acid_limit_is_the_sites_setting(chains, site_a):
    TreatmentSettings.objects.update_or_create(site=site_a, defaults={"zoledronic_acid_overdue_months": 12})
    rows = by_drug(treatment_outcomes(sites=[site_a], as_of=AS_OF))
    # 12 months: E's first infusion's next is still on time (exactly 12 months), its second's (15 months) is late.
    assert doses(rows["zoledronic_acid"]) == [(1, 1), (0, 2), (0, 0)]
    TreatmentSettings.objects.filter(site=site_a).update(zoledronic_acid_overdue_months=13)
    assert treatment_outcomes(sites=[site_a], as_of=AS_OF).zoledronic_acid_months == (13,)


def test_another_sites_courses_are_counted_only_for_it(chains, site_a, site_b):
    assert persistence(by_drug(treatment_outcomes(sites=[site_b], as_of=AS_OF))["alendronate"]) == [(1, 1, 0)] * 3
    both = by_drug(treatment_outcomes(sites=[site_a, site_b], as_of=AS_OF))
    assert persistence(both["alendronate"]) == [(2, 3, 0)] * 3


def test_the_dashboard_shows_the_tables_with_what_is_counted(client, manager_a, chains):
    client.force_login(manager_a)
    response = client.get(URL, {"site": "north"})
    body = response.content.decode()
    assert 'data-testid="treatment-outcome"' in body
    cell = body.split('data-testid="persistence-zoledronic_acid-3"')[1].split("</td>")[0]
    assert "100.0%" in cell and "(1/1)" in cell and "incl. 1 on a drug holiday" in cell
    cell = body.split('data-testid="doses-denosumab-1"')[1].split("</td>")[0]
    assert "25.0%" in cell and "(1/4)" in cell
    row = body.split('data-testid="doses-zoledronic_acid"')[1].split("</tr>")[0]
    assert "unverified" in row
    assert "own measure: the national audit has none beyond a year" in body
    assert "KPI 11" in body


def test_the_dashboard_runs_the_same_queries_however_many_courses(client, manager_a, make_course, nurse_a,  # noqa: F811
                                                                   django_assert_num_queries):
    client.force_login(manager_a)
    client.get(URL, {"site": "north"})

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"site": "north"}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for drug in ("denosumab", "zoledronic_acid", "alendronate", "teriparatide"):
        course = make_course(drug, fracture_date=FRACTURE, status="started", started_on=START)
        if drug in ("denosumab", "zoledronic_acid"):
            dose(course, nurse_a, START, date(2026, 1, 5))
    assert count() == few
    with django_assert_num_queries(few):
        client.get(URL, {"site": "north"})


def test_the_outcome_csv_has_a_row_per_drug_measure_and_year(client, manager_a, chains):
    client.force_login(manager_a)
    response = client.get(reverse("audit:outcome_csv"), {"site": "north"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == ["measure", "drug", "years", "numerator", "denominator", "percent", "on_drug_holiday",
                             "unverified", "definition"]
    assert len(rows) == 8 * 3 + 2 * 3
    holiday = next(r for r in rows if r["measure"] == "persistence" and r["drug"] == "Zoledronic acid"
                   and r["years"] == "3")
    assert (holiday["numerator"], holiday["denominator"], holiday["percent"], holiday["on_drug_holiday"],
            holiday["unverified"]) == ("1", "1", "100.0", "1", "project's measure")
    late = next(r for r in rows if r["measure"] == "doses_on_time" and r["drug"] == "Zoledronic acid"
                and r["years"] == "2")
    assert (late["numerator"], late["denominator"], late["percent"], late["unverified"]) == ("1", "2", "50.0",
                                                                                             "limit unverified")


def test_a_nurse_cannot_download_the_outcome(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("audit:outcome_csv")).status_code == 403
