from django.urls import path

from . import views
from .models import LetterKind

app_name = "assessments"

urlpatterns = [
    path("sign-off/", views.signoff_queue, name="signoff_queue"),
    path("episodes/<int:pk>/assessment/vertebral-fractures/add/", views.vertebral_fracture_add,
         name="vertebral_fracture_add"),
    path("episodes/<int:pk>/assessment/vertebral-fractures/<int:fracture_pk>/entered-in-error/",
         views.vertebral_fracture_entered_in_error, name="vertebral_fracture_entered_in_error"),
    path("episodes/<int:pk>/assessment/bloods/add/", views.blood_result_add, name="blood_result_add"),
    path("episodes/<int:pk>/assessment/bloods/<int:result_pk>/entered-in-error/", views.blood_result_entered_in_error,
         name="blood_result_entered_in_error"),
    path("episodes/<int:pk>/assessment/complete/", views.assessment_complete, name="assessment_complete"),
    path("episodes/<int:pk>/assessment/<slug:part>/", views.assessment_part, name="assessment_part"),
    path("episodes/<int:pk>/treatment/", views.treatment_decision, name="treatment_decision"),
    path("episodes/<int:pk>/treatment/sign-off/", views.treatment_sign_off, name="treatment_sign_off"),
    path("episodes/<int:pk>/treatment/support/", views.decision_support, name="decision_support"),
    path("episodes/<int:pk>/letter/", views.letter, name="letter"),
    path("episodes/<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("episodes/<int:pk>/letter/sent/", views.letter_sent, name="letter_sent"),
    path("episodes/<int:pk>/letter/sent/<int:letter_pk>/", views.letter_sent_copy, name="letter_sent_copy"),
    path("episodes/<int:pk>/letter/sent/<int:letter_pk>.pdf", views.letter_sent_pdf, name="letter_sent_pdf"),
    path("episodes/<int:pk>/patient-letter/", views.letter, {"kind": LetterKind.PATIENT}, name="patient_letter"),
    path("episodes/<int:pk>/patient-letter.pdf", views.letter_pdf, {"kind": LetterKind.PATIENT},
         name="patient_letter_pdf"),
    path("episodes/<int:pk>/patient-letter/sent/", views.letter_sent, {"kind": LetterKind.PATIENT},
         name="patient_letter_sent"),
]
