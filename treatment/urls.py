from django.urls import path

from . import letters, views

app_name = "treatment"

urlpatterns = [
    path("courses/<int:course_id>/doses/new/", views.dose_add, name="dose_add"),
    path("courses/<int:course_id>/review/", views.review, name="review"),
    path("courses/<int:course_id>/stop/", views.stop, name="stop"),
    path("courses/<int:course_id>/follow-on/", views.follow_on, name="follow_on"),
    path("doses/<int:dose_id>/entered-in-error/", views.dose_entered_in_error, name="dose_in_error"),
    path("courses/<int:course_id>/reminder-letter/", letters.reminder_letter, name="reminder_letter"),
]
