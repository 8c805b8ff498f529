"""Reads of treatment courses: a course a user may act on, and an episode's courses with their plans for the
episode page's treatment section, in a fixed number of queries."""
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from fls.dates import activate_date_entry
from fls.selectors import visible_site_ids

from . import course_plan as plans
from . import services
from .models import CourseItem, DoseGiven, TreatmentCourse


def course_for_user(user, pk: int) -> TreatmentCourse:
    """The course, at one of the user's sites, with its episode and patient; 404 otherwise (never says whose)."""
    course = (TreatmentCourse.objects.select_related("episode__patient", "episode__site", "site")
              .filter(pk=pk, site_id__in=visible_site_ids(user)).first())
    if course is None:
        raise Http404("No such treatment course.")
    activate_date_entry(course.site.country)  # its forms' dates are typed as its site's country types them
    return course


def dose_for_user(user, pk: int) -> DoseGiven:
    dose = (DoseGiven.objects.select_related("course__episode__patient", "course__site")
            .filter(pk=pk, course__site_id__in=visible_site_ids(user)).first())
    if dose is None:
        raise Http404("No such dose.")
    return dose


def episode_courses(episode) -> QuerySet[TreatmentCourse]:
    """The episode's courses in the order they were opened (a switch after what it follows), with their doses (all, those entered in error too), reviews and items."""
    return (TreatmentCourse.objects.filter(episode=episode).select_related("follows").order_by("id")
            .prefetch_related(Prefetch("doses", queryset=DoseGiven.objects.order_by("given_on", "id")
                                       .select_related("recorded_by")),
                              "reviews", Prefetch("items", queryset=CourseItem.objects.order_by("appears_from"))))


@dataclass
class CourseView:
    course: TreatmentCourse
    plan: plans.CoursePlan
    outstanding: list  # the plan's items showing today
    records_doses: bool
    reviewed: bool  # a bisphosphonate: has a drug-holiday review
    needs_follow_on: bool


def courses_with_plans(episode, *, today: date) -> list[CourseView]:
    """The episode's courses, each with its plan on `today`: 4 queries whatever the number of courses and doses
    (the courses, doses, reviews, items; the site's settings are one more)."""
    courses = list(episode_courses(episode))
    if not courses:
        return []
    settings = services.plan_settings(services.settings_for_site(episode.site_id))
    views = []
    for course in courses:
        doses = [d.given_on for d in course.doses.all() if not d.entered_in_error]
        plan = services.plan_of(course, today=today, doses=doses, reviews=list(course.reviews.all()),
                                settings=settings)
        rule = plans.COURSE_RULES.get(course.drug)
        views.append(CourseView(
            course=course, plan=plan, outstanding=plan.outstanding(),
            records_doses=plans.records_doses(course.drug, course.interval),
            reviewed=bool(rule and rule.reviewed), needs_follow_on=services.needs_follow_on(course.drug)))
    return views
