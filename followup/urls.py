from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("follow-ups/", views.due, name="due"),
    path("follow-ups/overdue/", views.overdue, name="overdue"),
    path("follow-ups/lost/", views.lost, name="lost"),
    path("follow-ups/<int:pk>/contact/", views.contact, name="contact"),
    path("follow-ups/<int:pk>/method/", views.set_method, name="set_method"),
    path("follow-ups/letters/<int:pk>/", views.letter, name="letter"),
    path("follow-ups/letters/<int:pk>.pdf", views.letter_pdf, name="letter_pdf"),
    path("follow-ups/settings/", views.settings_index, name="settings_index"),
    path("follow-ups/settings/<slug:code>/", views.settings_edit, name="settings_edit"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
