"""The patient's reminder letter for a dose due: a printable page (and the same letter as a PDF, in the layout every
letter shares, fls.pdf) telling the patient the date of their next dose and where to book it. Drawn on demand from
the course's plan on the day (treatment.course_plan), from the treatment notification's link; nothing is stored.

Thin, like every view: the access check (the course through the user's visible sites: another site's is a 404), the
plan, the render. The patient's record is logged as seen, as every letter is."""
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fls import pdf
from fls.selectors import visible_site_ids
from patients.models import RecordAccessKind
from patients.services import patient_record_viewed

from .models import DosePlace, TreatmentCourse
from .services import plan_of


def _course_for_user(user, course_id: int) -> TreatmentCourse:
    course = (TreatmentCourse.objects.filter(pk=course_id, site_id__in=visible_site_ids(user))
              .select_related("site", "episode", "episode__patient").first())
    if course is None:
        raise Http404("No such course.")
    return course


def _letter_body(course: TreatmentCourse) -> str:
    """The letter's body (autoescaped), or 404 when the course has no dose to book (a course of tablets, a course
    stopped): the link is only offered for a dose's reminder."""
    today = timezone.localdate()
    plan = plan_of(course, today=today)
    if plan.next_dose is None:
        raise Http404("This course has no dose to book.")
    doses = list(course.doses.filter(entered_in_error=False).order_by("-given_on", "-id")[:1])
    with pdf.letter_language(course.site):  # the patient reads it in their site's language
        return render_to_string("treatment/letters/dose_reminder.html", {
            "course": course, "patient": course.episode.patient, "site": course.site, "today": today, "plan": plan,
            "overdue": plan.dose_overdue_from is not None and today >= plan.dose_overdue_from,
            "at_gp": bool(doses) and doses[0].place == DosePlace.GP,
        })


@permission_required("treatment.view_treatmentcourse", raise_exception=True)
def reminder_letter(request, course_id: int):
    """The letter to print; `?format=pdf` downloads it as a PDF."""
    course = _course_for_user(request.user, course_id)
    body = _letter_body(course)
    if request.GET.get("format") == "pdf":
        patient_record_viewed(patient=course.episode.patient, by=request.user, page="dose reminder letter PDF",
                              kind=RecordAccessKind.PRINTED)
        with pdf.letter_language(course.site):
            document = pdf.letter_document(body=body, title=gettext("Reminder of your next dose"))
        return pdf.pdf_download(request, document, running_header=course.site.name,
                                filename=f"fls-dose-reminder-course-{course.pk}.pdf",
                                back_url=reverse("treatment:reminder_letter", args=[course.pk]))
    patient_record_viewed(patient=course.episode.patient, by=request.user, page="dose reminder letter",
                          kind=RecordAccessKind.LETTER)
    return render(request, "treatment/reminder_letter.html", {"course": course, "body": body})
