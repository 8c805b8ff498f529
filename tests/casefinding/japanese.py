"""The Japanese labelled sets (issue 18) as LabelledReport, the shape casefinding.quality.evaluate reads.

The Japanese sets are lists of dicts (accession, age, modality, body_part, report_text, candidate, site);
`labelled(reports)` turns them into LabelledReport (the accession kept as the note, for error lists)."""
from tests.casefinding.labelled_reports import LabelledReport


def labelled(reports) -> list[LabelledReport]:
    return [
        report if isinstance(report, LabelledReport) else LabelledReport(
            text=report["report_text"], candidate=report["candidate"], site=report["site"] or "",
            age=report["age"], body_part=report.get("body_part") or "", note=report.get("accession", ""),
        )
        for report in reports
    ]
