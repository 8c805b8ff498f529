from django.urls import path

from . import views

app_name = "worklists"

urlpatterns = [
    path("worklist/", views.nurse_worklist, name="nurse"),
    path("worklist/clinician/", views.clinician_worklist, name="clinician"),
    path("episodes/<int:pk>/advice/", views.advice_request_new, name="advice_request_new"),
    path("episodes/<int:pk>/advice/panel/", views.advice_panel, name="advice_panel"),
    path("advice/<int:pk>/answer/", views.advice_request_answer, name="advice_request_answer"),
]
