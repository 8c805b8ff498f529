from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.claims_list, name="claims_list"),
    path("claims.csv", views.claims_csv, name="claims_csv"),
    path("episodes/<int:episode_id>/admissions/new/", views.admission_add, name="admission_add"),
    path("admissions/<int:admission_id>/", views.admission_edit, name="admission_edit"),
    path("episodes/<int:episode_id>/fracture-time/", views.fracture_time, name="fracture_time"),
    path("facility/", views.facility_standards, name="facility_standards"),
    path("facility/<slug:code>/", views.facility_standard, name="facility_standard"),
]
