"""The KPI table as CSV rows: shared by the dashboard's download and `manage.py export_kpis`."""
KPI_CSV_HEADER = ["kpi", "numerator", "denominator", "percent", "target"]


def kpi_csv_rows(results):
    for result in results:
        yield {
            "kpi": f"{result.kpi.number} {result.kpi.name}",
            "numerator": result.numerator,
            "denominator": result.denominator,
            "percent": result.percent,
            "target": result.kpi.target_label,
        }
