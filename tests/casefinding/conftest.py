"""Helpers for case-finding tests: report CSV rows and HL7 messages, all synthetic."""
from datetime import date, timedelta

import pytest

HEADER = ("accession", "local_id", "family_name", "given_name", "date_of_birth", "sex", "exam_date", "modality",
          "body_part", "report_text")
RECENT = (date.today() - timedelta(days=5)).isoformat()
HIP_REPORT = "Clinical details: Fall at home. Findings: There is a displaced fracture of the left neck of femur."
NEGATIVE_REPORT = "Clinical details: ?fracture. Findings: No fracture seen. Conclusion: Normal."


def report_row(**overrides) -> dict:
    row = {
        "accession": "ACC1001", "local_id": "N100001", "family_name": "Testfall", "given_name": "Ada",
        "date_of_birth": "1944-05-06", "sex": "F", "exam_date": RECENT, "modality": "CR", "body_part": "LEFT HIP",
        "report_text": HIP_REPORT,
    }
    row.update(overrides)
    return row


def reports_csv(rows, header=HEADER) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode("utf-8")


def oru_message(*, control="MSG0001", accession="ACC2001", local_id="N200001", family="Hl7case", given="Iris",
                dob="19430212", exam="", text=("FINDINGS: Fracture of the right distal radius.",)) -> str:
    exam = exam or date.today().strftime("%Y%m%d") + "0930"
    segments = [
        f"MSH|^~\\&|RIS|NGH|FLS|NORTH|{exam}||ORU^R01|{control}|P|2.5",
        f"PID|1||{local_id}^^^NGH^MR||{family}^{given}||{dob}|F",
        f"OBR|1|ORD{accession}|{accession}|XRWRR^XR Wrist Right|||{exam}",
    ]
    segments += [f"OBX|{i}|TX|REP^Report||{line}||||||F" for i, line in enumerate(text, start=1)]
    return "\r".join(segments)


@pytest.fixture
def screen_file(site_a, nurse_a):
    from casefinding.intake import report_batch_from_file

    def run(rows, *, by=None, site=None, filename="reports.csv"):
        raw = rows if isinstance(rows, bytes) else reports_csv(rows)
        return report_batch_from_file(site=site or site_a, by=by or nurse_a, filename=filename, raw_bytes=raw).batch

    return run
