"""The course items' part of the daily reminder scan (followup.services.scan runs it, with the follow-ups'): which
items show on a day, which of them have no reminder yet, the reminders made exactly once, and the counts of what is
outstanding. Treatment's data only: who is told, and the notifications, are the follow-up step's (it calls down
here; this module never calls up).

An item shows on `today` from its appears_from until the day another item of the same dose replaces it
(CourseItem.shows_on). A reminder exists at most once per (course, code, refers_to): the unique constraint
one_reminder_per_course_item, so an INSERT … ON CONFLICT DO NOTHING makes each once whatever runs twice, and
returns only what this call made (what the caller then notifies, in the same transaction).
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from assessments.models import Recommendation
from fls.dates import format_date

from .models import CourseItem, CourseItemCode, CourseReminder, CourseStatus, TreatmentCourse

# The scan's summary line (scan_followups): doses due, doses overdue, and every other code a course event.
SUMMARY_KEYS = {CourseItemCode.DOSE_DUE: "doses_due", CourseItemCode.DOSE_OVERDUE: "doses_overdue"}
COURSE_EVENTS = "course_events"


def items_showing(*, site_ids, today: date) -> QuerySet[CourseItem]:
    """The items of the sites' courses (on treatment or stopped) showing on `today`."""
    return CourseItem.objects.filter(
        Q(replaced_from__isnull=True) | Q(replaced_from__gt=today),
        site_id__in=site_ids, appears_from__lte=today,
        course__status__in=[CourseStatus.ACTIVE, CourseStatus.STOPPED])


def items_to_remind(*, site_ids, today: date) -> QuerySet[CourseItem]:
    """The items showing on `today` with no reminder yet (an anti-join on the reminder's unique key)."""
    return items_showing(site_ids=site_ids, today=today).filter(~Exists(CourseReminder.objects.filter(
        course_id=OuterRef("course_id"), code=OuterRef("code"), refers_to=OuterRef("refers_to"))))


def outstanding_counts(*, site_ids, today: date) -> dict[str, int]:
    """{"doses_due": N, "doses_overdue": N, "course_events": N}: the items showing on `today`, in one query."""
    other = ~Q(code__in=list(SUMMARY_KEYS))
    counts = items_showing(site_ids=site_ids, today=today).aggregate(
        **{key: Count("id", filter=Q(code=code)) for code, key in SUMMARY_KEYS.items()},
        **{COURSE_EVENTS: Count("id", filter=other)})
    return {key: counts[key] or 0 for key in (*SUMMARY_KEYS.values(), COURSE_EVENTS)}


def item_chunks(*, site_ids, today: date, chunk_size: int) -> Iterator[list[tuple[int, int]]]:
    """The items to remind, as chunks of (item id, site id) in id order. Keyset paging (each chunk starts after
    the last id of the one before), so a chunk read ahead while the one before it is written never overlaps it."""
    candidates = items_to_remind(site_ids=site_ids, today=today).order_by("id").values_list("id", "site_id")
    after = 0
    while rows := list(candidates.filter(id__gt=after)[:chunk_size]):
        yield rows
        after = rows[-1][0]


@dataclass(frozen=True)
class ReminderMade:
    """A reminder this scan made, with what its notifications need."""
    id: int
    site_id: int
    episode_id: int
    assigned_nurse_id: int | None  # the episode's nurse now; None: the site's nurses are told
    code: str
    refers_to: date
    escalated: bool
    drug: str  # the course's drug (a Recommendation value) and, for "other", its name
    drug_other: str = ""

    @property
    def headline(self) -> str:
        """For the notification, in the active language: "Denosumab: dose overdue (due 1 Aug 2026)"."""
        if self.drug == Recommendation.OTHER and self.drug_other:
            label = self.drug_other
        else:
            label = str(Recommendation(self.drug).label)
        return reminder_headline(drug=label, code=self.code, refers_to=self.refers_to)


def course_reminders_make(*, item_ids, today: date, escalating_site_ids) -> list[ReminderMade]:
    """Make the reminder of each of these items that has none yet, in the caller's transaction, and return those
    made (an item another scan reminded a moment ago, or one replanned away since it was read, is left out).
    An item to escalate is marked escalated where the site has someone to escalate to (`escalating_site_ids`)."""
    item_ids = list(item_ids)
    if not item_ids:
        return []
    ops = connection.ops
    escalating = list(escalating_site_ids) or [None]
    ids_sql = ", ".join(["%s"] * len(item_ids))
    esc_sql = ", ".join(["%s"] * len(escalating))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {CourseReminder._meta.db_table} (course_id, site_id, code, refers_to, scan_date, escalated, "
            f"created_at) "
            f"SELECT i.course_id, i.site_id, i.code, i.refers_to, %s, "
            f"CASE WHEN i.escalate AND i.site_id IN ({esc_sql}) THEN %s ELSE %s END, %s "
            f"FROM {CourseItem._meta.db_table} i WHERE i.id IN ({ids_sql}) "
            f"ON CONFLICT DO NOTHING RETURNING id, course_id, site_id, code, refers_to, escalated",
            [ops.adapt_datefield_value(today), *escalating, True, False,
             ops.adapt_datetimefield_value(timezone.now()), *item_ids])
        made = cursor.fetchall()
    if not made:
        return []
    courses = {course.pk: course for course in TreatmentCourse.objects.filter(pk__in={row[1] for row in made})
               .only("pk", "drug", "drug_other", "episode_id").annotate(nurse_id=F("episode__assigned_nurse_id"))}
    reminders = []
    for pk, course_id, site_id, code, refers_to, escalated in sorted(made):
        course = courses[course_id]
        refers_to = refers_to if isinstance(refers_to, date) else date.fromisoformat(refers_to)  # SQLite: text
        reminders.append(ReminderMade(
            id=pk, site_id=site_id, episode_id=course.episode_id, assigned_nurse_id=course.nurse_id, code=code,
            refers_to=refers_to, escalated=bool(escalated), drug=course.drug, drug_other=course.drug_other))
    return reminders


def reminder_headline(*, drug: str, code: str, refers_to: date) -> str:
    """One line for a notification: the drug, what is due and its date (the episode page says the rest)."""
    texts = {
        CourseItemCode.DOSE_DUE: _("%(drug)s: dose due (on %(date)s)"),
        CourseItemCode.DOSE_OVERDUE: _("%(drug)s: dose overdue (due %(date)s)"),
        CourseItemCode.COURSE_ENDING: _("%(drug)s: course ending (on %(date)s); plan the drug that follows"),
        CourseItemCode.REVIEW_DUE: _("%(drug)s: drug-holiday review due (on %(date)s)"),
        CourseItemCode.DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON: _(
            "%(drug)s stopped with no follow-on drug (start one from %(date)s)"),
        CourseItemCode.DENOSUMAB_FOLLOW_ON_LATE: _("%(drug)s stopped: the follow-on drug starts late (%(date)s)"),
        CourseItemCode.ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON: _("%(drug)s stopped with no follow-on drug (on %(date)s)"),
    }
    text = texts.get(code) or _("%(drug)s: %(item)s (%(date)s)")
    return text % {"drug": capfirst(drug), "date": format_date(refers_to), "item": code}
