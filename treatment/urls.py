# PLACEHOLDER in branch t17-tab only: the *Treatment due* tab links "Record dose" to this URL name; the lead's
# treatment/urls.py (with the real dose form) replaces this file at merge.
from django.urls import path

from . import views

app_name = "treatment"

urlpatterns = [
    path("treatment/courses/<int:course_id>/doses/new/", views.dose_add, name="dose_add"),
]
