from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.dashboard, name="dashboard"),
    path("audit/kpis.csv", views.kpi_table_csv, name="kpi_csv"),
    path("audit/treatment-outcome.csv", views.outcome_csv, name="outcome_csv"),
    path("audit/dataset.csv", views.dataset_csv, name="dataset_csv"),
    path("audit/kpis/<int:number>/missing/", views.episodes_missing, name="episodes_missing"),
    path("audit/access/", views.access_report, name="access_report"),
    path("audit/access.csv", views.access_report_csv, name="access_report_csv"),
]
