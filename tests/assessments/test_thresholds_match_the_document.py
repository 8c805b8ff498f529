"""docs/clinical-rules.md states every number of assessments/thresholds.py, with its status, in tables this test
reads: THRESHOLDS (a table whose first column is `key`, in the section the threshold names as its anchor), the
NOGG FRAX table (first column `from age`) and REGIMENS (first column `drug`); and it lists the codes of
assessments.decision_support and of treatment.course_plan (tables whose first column is `code`). Any difference fails, naming it."""
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from assessments import decision_support as ds
from assessments import thresholds as T
from assessments.models import FraxInterventionThreshold
from treatment import course_plan
from tests.fls.test_clinical_rules_doc import HEADING, anchors, github_slug, outside_code_blocks

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOC = PROJECT_ROOT / "docs" / "clinical-rules.md"
NONE = ("—", "-", "")


def _cell(text: str) -> str:
    return text.strip().replace("`", "").replace("*", "").replace("−", "-").strip()


def _number(text: str):
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # compared as it stands, so the difference is named


def tables_by_section(text: str) -> list[tuple[str, list[dict[str, str]]]]:
    """Every table of the document as (the anchor of its ### section, rows as {header cell: cell})."""
    found, section, table = [], None, None
    for line in [*outside_code_blocks(text), ""]:
        heading = HEADING.match(line)
        if heading:
            section = github_slug(heading.group(2)) if len(heading.group(1)) == 3 else None
        if line.lstrip().startswith("|"):
            cells = [_cell(c) for c in line.strip().strip("|").split("|")]
            if table is None:
                table = {"header": [c.lower() for c in cells], "rows": []}
            elif not all(set(c) <= set("-: ") for c in cells):  # not the separator row
                table["rows"].append(dict(zip(table["header"], cells)))
        elif table is not None:
            found.append((section, table["rows"]))
            table = None
    return found


def _tables(text: str, first_column: str):
    for section, rows in tables_by_section(text):
        if rows and next(iter(rows[0])) == first_column:
            yield section, rows


def threshold_differences(text: str) -> list[str]:
    problems, seen = [], {}
    for section, rows in _tables(text, "key"):
        for row in rows:
            key = row["key"]
            if key in seen:
                problems.append(f"{key}: stated twice, in #{seen[key]} and #{section}")
            seen[key] = section
            threshold = T.THRESHOLDS.get(key)
            if threshold is None:
                problems.append(f"{key}: in the document (#{section}), not in assessments/thresholds.py")
                continue
            if section != threshold.anchor:
                problems.append(f"{key}: in #{section}, but assessments/thresholds.py cites #{threshold.anchor}")
            if _number(row["value"]) != threshold.value:
                problems.append(f"{key}: the document says {row['value']}, assessments/thresholds.py {threshold.value}")
            if row["unit"] != threshold.unit:
                problems.append(f"{key}: the document's unit is {row['unit']!r}, assessments/thresholds.py's "
                                f"{threshold.unit!r}")
            if row["status"] != threshold.status:
                problems.append(f"{key}: the document says {row['status']}, assessments/thresholds.py "
                                f"{threshold.status}")
    problems += [f"{key}: not in the document" for key in T.THRESHOLDS if key not in seen]
    return problems


def frax_differences(text: str) -> list[str]:
    found = list(_tables(text, "from age"))
    if [section for section, _ in found] != ["nogg-frax-thresholds-by-age"]:
        return [f"the FRAX table should be one table in #nogg-frax-thresholds-by-age, found in {found and found[0][0]}"]
    rows, factor = found[0][1], T.value("frax_very_high_factor")
    problems = []
    stated = [(_number(r["from age"]), _number(r["mof intervention threshold"]),
               _number(r["hip intervention threshold"])) for r in rows]
    if stated != list(T.FRAX_INTERVENTION_THRESHOLDS):
        problems.append(f"the FRAX table: the document says {stated}, assessments/thresholds.py "
                        f"{list(T.FRAX_INTERVENTION_THRESHOLDS)}")
    for row, (age, mof, hip) in zip(rows, T.FRAX_INTERVENTION_THRESHOLDS):
        if (_number(row["mof very high"]), _number(row["hip very high"])) != (mof * factor, hip * factor):
            problems.append(f"the FRAX table, age {age}: very high should be {mof * factor} and {hip * factor}")
        if row["status"] != T.FRAX_THRESHOLDS_STATUS:
            problems.append(f"the FRAX table, age {age}: the document says {row['status']}, "
                            f"assessments/thresholds.py {T.FRAX_THRESHOLDS_STATUS}")
    return problems


def regimen_differences(text: str) -> list[str]:
    found = [(section, rows) for section, rows in _tables(text, "drug") if "dose" in rows[0]]
    if [section for section, _ in found] != ["regimens"]:
        return ["the regimens should be one table in #regimens"]
    stated = {row["drug"]: row for row in found[0][1]}
    problems = [f"regimen of {drug}: not in the document" for drug in T.REGIMENS if drug not in stated]
    problems += [f"regimen of {drug}: in the document, not in assessments/thresholds.py"
                 for drug in stated if drug not in T.REGIMENS]
    for drug, regimen in T.REGIMENS.items():
        row = stated.get(drug)
        if row is None:
            continue
        duration = None if row["duration (months)"] in NONE else _number(row["duration (months)"])
        documented = (row["dose"], row["route"], row["interval"], duration, row["status"])
        data = (regimen.dose, regimen.route, regimen.interval, regimen.duration_months, regimen.status)
        if documented != data:
            problems.append(f"regimen of {drug}: the document says {documented}, assessments/thresholds.py {data}")
    return problems


CODES = {
    "nogg-2022-very-high-risk-indicators": set(ds.VERY_HIGH_CODES),
    "treatment-safety-checks": set(ds.WARNING_CODES) | set(ds.CONTRAINDICATION_CODES),
    "decision-support-notes": set(ds.NOTE_CODES),
    "course-plans": set(course_plan.ITEM_CODES) | set(course_plan.REASON_CODES),
}


def code_differences(text: str) -> list[str]:
    problems = []
    for anchor, codes in CODES.items():
        stated = {row["code"] for section, rows in _tables(text, "code") if section == anchor for row in rows}
        problems += [f"#{anchor}: {code} not listed" for code in sorted(codes - stated)]
        problems += [f"#{anchor}: {code} listed, not in assessments/decision_support.py" for code in
                     sorted(stated - codes)]
    return problems


def differences(text: str) -> list[str]:
    return threshold_differences(text) + frax_differences(text) + regimen_differences(text) + code_differences(text)


def test_the_document_states_every_number_and_status_as_the_data_module_does():
    assert differences(DOC.read_text()) == []


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("| `egfr_alendronate` | 35 |", "| `egfr_alendronate` | 30 |",
     "egfr_alendronate: the document says 30, assessments/thresholds.py 35"),
    ("| `normal_min_t` | −1.0 |", "| `normal_min_t` | −1.1 |",
     "normal_min_t: the document says -1.1, assessments/thresholds.py -1.0"),
    ("(a site setting) | *unverified* |", "(a site setting) | verified |",
     "adjusted_calcium_low: the document says verified, assessments/thresholds.py unverified"),
    ("| `glucocorticoid_months` | 3 | months |", "| `glucocorticoid_months` | 3 | weeks |",
     "glucocorticoid_months: the document's unit is 'weeks', assessments/thresholds.py's 'months'"),
    ("| 50 | 9.7 | 1.8 | 15.52 |", "| 50 | 9.8 | 1.8 | 15.52 |", "the FRAX table: the document says"),
    ("| 50 | 9.7 | 1.8 | 15.52 |", "| 50 | 9.7 | 1.8 | 15.5 |",
     "the FRAX table, age 50: very high should be 15.52 and 2.88"),
    ("| 45 | 8.6 | 1.5 | 13.76 | 2.4 | *unverified* |", "| 45 | 8.6 | 1.5 | 13.76 | 2.4 | verified |",
     "the FRAX table, age 45: the document says verified, assessments/thresholds.py unverified"),
    ("| `teriparatide` | 20 micrograms | sc | daily | 24 |", "| `teriparatide` | 20 micrograms | sc | daily | 36 |",
     "regimen of teriparatide: the document says"),
    ("| `denosumab` | 60 mg | sc | six_monthly | — | verified |", "| `denosumab` | 60 mg | sc | six_monthly | — | "
     "partly verified |", "regimen of denosumab: the document says"),
    ("| `no_drug_proposed` |", "| `no_drug_offered` |", "#decision-support-notes: no_drug_proposed not listed"),
    ("| `hypocalcaemia` |", "| `low_calcium` |", "#treatment-safety-checks: hypocalcaemia not listed"),
    ("| `denosumab_overdue_months` | 7 |", "| `denosumab_overdue_months` | 6 |",
     "denosumab_overdue_months: the document says 6, assessments/thresholds.py 7"),
    ("| `dose_overdue` |", "| `dose_late` |", "#course-plans: dose_overdue not listed"),
    ("| `fracture_on_treatment` |", "| `refracture` |", "#course-plans: fracture_on_treatment not listed"),
])
def test_a_difference_is_found_and_named(old, new, problem):
    text = DOC.read_text()
    assert text.count(old) == 1, f"the document no longer has {old!r}: update this test's example"
    found = differences(text.replace(old, new))
    assert any(p.startswith(problem) for p in found), found


def test_a_threshold_missing_from_the_document_or_in_the_wrong_section_is_found():
    text = DOC.read_text()
    row = next(line for line in text.splitlines() if line.startswith("| `vitamin_d_deficient` |"))
    assert "vitamin_d_deficient: not in the document" in differences(text.replace(row + "\n", ""))
    moved = text.replace(row + "\n", "").replace("## Follow-up\n", f"## Follow-up\n\n### Elsewhere\n\n"
                                                                   f"| key | value | unit | rule | status |\n"
                                                                   f"|---|---|---|---|---|\n{row}\n\n", 1)
    assert "vitamin_d_deficient: in #elsewhere, but assessments/thresholds.py cites #treatment-safety-checks" in (
        differences(moved))


def test_the_frax_table_the_database_ships_with_is_the_documented_one(db):
    # What migration 0010 seeds. A transactional test earlier in the run empties every table (data migrations'
    # rows included), so the seed is run again on an empty table rather than trusted to have survived.
    if not FraxInterventionThreshold.objects.exists():
        import importlib

        from django.apps import apps

        importlib.import_module("assessments.migrations.0010_decision_support").seed_frax_thresholds(apps, None)
    rows = [(r.from_age, r.mof_percent, r.hip_percent, r.verified) for r in FraxInterventionThreshold.objects.all()]
    assert rows == [(age, mof, hip, False) for age, mof, hip in T.FRAX_INTERVENTION_THRESHOLDS]


def test_every_anchor_the_assessments_code_cites_is_in_the_document():
    doc_anchors = anchors(DOC.read_text())
    cited = {(path.relative_to(PROJECT_ROOT).as_posix(), anchor)
             for path in (PROJECT_ROOT / "assessments").rglob("*.py")
             for anchor in re.findall(r"docs/clinical-rules\.md#([\w-]+)", path.read_text())}
    assert len(cited) > 10
    assert sorted((where, anchor) for where, anchor in cited if anchor not in doc_anchors) == []
    assert {t.anchor for t in T.THRESHOLDS.values()} <= doc_anchors
