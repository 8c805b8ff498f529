from django.urls import path

from . import import_views, views

app_name = "patients"

urlpatterns = [
    path("patients/new/", views.patient_new, name="patient_new"),
    path("patients/search/", views.search, name="search"),
    path("patients/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("patients/<int:pk>/edit/", views.patient_edit, name="patient_edit"),
    path("patients/<int:patient_pk>/fractures/new/", views.episode_new, name="episode_new"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode_detail"),
    path("episodes/<int:pk>/edit/", views.episode_edit, name="episode_edit"),
    path("episodes/<int:pk>/move/<slug:name>/", views.episode_transition, name="episode_transition"),
    path("episodes/<int:pk>/assign-to-me/", views.episode_assign_to_me, name="episode_assign_to_me"),
    path("triage/", views.triage, name="triage"),
    # Bulk import
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("imports/<int:pk>/rejected.csv", import_views.import_rejected_csv, name="import_rejected_csv"),
]
