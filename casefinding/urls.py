from django.urls import path

from . import views

app_name = "casefinding"

urlpatterns = [
    path("case-finding/reports/", views.report_upload, name="report_upload"),
    path("case-finding/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("case-finding/candidates/<int:pk>/confirm/", views.candidate_confirm, name="candidate_confirm"),
    path("case-finding/candidates/<int:pk>/dismiss/", views.candidate_dismiss, name="candidate_dismiss"),
    path("case-finding/disagreements/", views.disagreements, name="disagreements"),
]
