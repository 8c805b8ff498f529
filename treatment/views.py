"""PLACEHOLDER in branch t17-tab only (the lead's treatment/views.py replaces it at merge): the dose form's URL,
which sends the user to the course's episode page, where the course is shown."""
from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import redirect

from fls.selectors import visible_site_ids

from .models import TreatmentCourse


@permission_required("treatment.add_dosegiven", raise_exception=True)
def dose_add(request, course_id):
    course = TreatmentCourse.objects.filter(pk=course_id, site_id__in=visible_site_ids(request.user)).first()
    if course is None:
        raise Http404("No such course.")
    return redirect("patients:episode_detail", pk=course.episode_id)
