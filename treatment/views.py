"""A dose given, a drug-holiday review, a stop or switch, and a dose marked entered in error: thin views over
treatment.services, each returning to the episode page (or where the page that sent the person asked)."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import thresholds as T
from fls.form_errors import add_service_errors
from fls.links import return_path
from patients.services import patient_record_viewed

from . import course_plan as plans
from . import selectors, services
from .forms import DoseForm, FollowOnForm, ReviewForm, StopForm



def _next(request) -> str:
    """The page that sent the person here (the worklist row, a notification), if it is one of ours."""
    return return_path(request, request.POST.get("next") or request.GET.get("next", ""), "")


def _back(request, course):
    return redirect(_next(request) or reverse("patients:episode_detail", args=[course.episode_id]))


def _page(request, course, form, template, *, page: str, **extra):
    patient_record_viewed(patient=course.episode.patient, by=request.user, page=page)
    today = timezone.localdate()
    return render(request, template, {
        "course": course, "episode": course.episode, "patient": course.episode.patient, "form": form,
        "plan": services.plan_of(course, today=today), "next": _next(request), **extra})


@permission_required("treatment.add_dosegiven", raise_exception=True)
def dose_add(request, course_id):
    course = selectors.course_for_user(request.user, course_id)
    form = DoseForm(request.POST or None, course=course, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dose_record(course=course, by=request.user, given_on=data["given_on"], place=data["place"],
                                 given_by=data["given_by"], batch=data["batch"],
                                 expected_version=data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dose of %(drug)s on %(date)s recorded.") % {
                "drug": course.drug_label, "date": plans._day(data["given_on"])})
            return _back(request, course)
    return _page(request, course, form, "treatment/dose_form.html", page="dose")


@permission_required("treatment.add_coursereview", raise_exception=True)
def review(request, course_id):
    course = selectors.course_for_user(request.user, course_id)
    form = ReviewForm(request.POST or None, course=course, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(course=course, by=request.user, reviewed_on=data["reviewed_on"],
                                   outcome=data["outcome"], next_review_months=data["next_review_months"],
                                   reasons=data["reasons"], note=data["note"], expected_version=data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Drug-holiday review recorded."))
            return _back(request, course)
    return _page(request, course, form, "treatment/review_form.html", page="course review",
                 reasons=plans.REASONS_TO_CONTINUE)


@permission_required("treatment.change_treatmentcourse", raise_exception=True)
def stop(request, course_id):
    course = selectors.course_for_user(request.user, course_id)
    needs_follow_on = services.needs_follow_on(course.drug)
    form = StopForm(request.POST or None, course=course, needs_follow_on=needs_follow_on,
                    initial={"stopped_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.course_stop(course=course, by=request.user, stopped_on=data["stopped_on"], reason=data["reason"],
                                 note=data["note"], follow_on_drug=data["follow_on_drug"],
                                 follow_on_starts_on=data["follow_on_starts_on"], expected_version=data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(drug)s stopped.") % {"drug": course.drug_label})
            return _back(request, course)
    return _page(request, course, form, "treatment/stop_form.html", page="course stop",
                 needs_follow_on=needs_follow_on, follow_on_months=int(T.value("denosumab_follow_on_months")),
                 overdue_months=int(T.value("denosumab_overdue_months")))


@permission_required("treatment.change_treatmentcourse", raise_exception=True)
def follow_on(request, course_id):
    course = selectors.course_for_user(request.user, course_id)
    form = FollowOnForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            started = services.follow_on_start(course=course, by=request.user, follow_on_drug=data["follow_on_drug"],
                                               follow_on_starts_on=data["follow_on_starts_on"],
                                               expected_version=data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(drug)s follows %(stopped)s.") % {
                "drug": started.drug_label, "stopped": course.drug_label})
            return _back(request, course)
    return _page(request, course, form, "treatment/follow_on_form.html", page="course follow-on")


@require_POST
@permission_required("treatment.change_dosegiven", raise_exception=True)
def dose_entered_in_error(request, dose_id):
    dose = selectors.dose_for_user(request.user, dose_id)
    services.dose_mark_entered_in_error(dose=dose, by=request.user)
    messages.success(request, _("The dose on %(date)s is marked as entered in error.") % {
        "date": plans._day(dose.given_on)})
    return _back(request, dose.course)
