"""The KPI table as CSV rows: shared by the dashboard's download and `manage.py export_kpis`.

The column names are documented (README, "Exports") and stay as they are; the KPI's name and target in the
cells are in the active language (a command's: settings.LANGUAGE_CODE)."""
KPI_CSV_HEADER = ["kpi", "numerator", "denominator", "percent", "target"]


def kpi_csv_rows(results):
    for result in results:
        yield {
            "kpi": f"{result.kpi.number} {result.kpi.name}",
            "numerator": result.numerator,
            "denominator": result.denominator,
            "percent": result.percent,
            "target": str(result.kpi.target_label),
        }
