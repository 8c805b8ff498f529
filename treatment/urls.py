from django.urls import path

from . import letters

app_name = "treatment"

urlpatterns = [
    path("courses/<int:course_id>/reminder-letter/", letters.reminder_letter, name="reminder_letter"),
]
