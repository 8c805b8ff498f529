"""Every read the follow-up pages need, already scoped to the user's sites (fls.selectors.visible_site_ids):
another site's follow-up, contact or letter is a 404, never a 403."""
from datetime import date, timedelta

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from fls.dates import activate_date_entry
from fls.models import Site
from fls.selectors import visible_site_ids
from patients.models import FractureEpisode

from .models import (
    FollowUp, FollowUpContact, FollowUpKind, FollowUpSettings, Notification, PatientReminderLetter, Reminder,
)


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(site_id__in=visible_site_ids(user)).select_related(
        "episode", "episode__patient", "episode__assigned_nurse", "site"
    )


def follow_up_for_user(user, pk: int) -> FollowUp:
    follow_up = follow_ups_visible_to(user).filter(pk=pk).first()
    if follow_up is None:
        raise Http404("No such follow-up.")
    activate_date_entry(follow_up.site.country)  # the contact's dates are typed as its site's country types them
    return follow_up


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week."""
    return today + timedelta(days=6 - today.weekday())


def _scoped(user, *, site_id=None, mine=False) -> QuerySet[FollowUp]:
    qs = follow_ups_visible_to(user)
    if site_id:
        qs = qs.filter(site_id=site_id)
    if mine:
        qs = qs.filter(episode__assigned_nurse=user)
    return qs


def due_this_week(user, *, today: date, site_id=None, mine=False) -> QuerySet[FollowUp]:
    """Scheduled follow-ups whose window is open today or opens by the end of this week, soonest first."""
    return (_scoped(user, site_id=site_id, mine=mine)
            .filter(status=FollowUp.Status.SCHEDULED, window_opens__lte=week_end(today), window_closes__gte=today)
            .order_by("window_closes", "due_on", "id"))


def overdue(user, *, today: date, site_id=None, mine=False) -> QuerySet[FollowUp]:
    """Scheduled follow-ups past their window, longest overdue first."""
    return (_scoped(user, site_id=site_id, mine=mine)
            .filter(status=FollowUp.Status.SCHEDULED, window_closes__lt=today)
            .order_by("window_closes", "id"))


def lost_to_follow_up(user, *, site_id=None, mine=False) -> QuerySet[FollowUp]:
    return (_scoped(user, site_id=site_id, mine=mine)
            .filter(status=FollowUp.Status.LOST).order_by("-closed_at", "-id"))


def counts(user, *, today: date, site_id=None, mine=False) -> dict:
    return {
        "due": due_this_week(user, today=today, site_id=site_id, mine=mine).count(),
        "overdue": overdue(user, today=today, site_id=site_id, mine=mine).count(),
        "lost": lost_to_follow_up(user, site_id=site_id, mine=mine).count(),
    }


def worklist(user) -> QuerySet[FollowUp]:
    """The follow-ups the reminder scan has put on this nurse's worklist: open, reminded (due or overdue),
    at sites they can see, and their own patients' (or nobody's, for a nurse). Derived from the Reminder
    rows, the follow-up's status and its episode's nurse, so it follows a reassignment and empties itself
    when the contact is made;
    each follow-up carries `reminded_as`: "overdue" once overdue, else "due"."""
    mine = Q(episode__assigned_nurse=user)
    if user.has_perm("fls.view_nurse_worklist"):
        mine |= Q(episode__assigned_nurse__isnull=True)
    reminded = Reminder.objects.filter(follow_up_id=OuterRef("pk"))
    return (follow_ups_visible_to(user).filter(mine, Exists(reminded), status=FollowUp.Status.SCHEDULED)
            .annotate(reminded_as=Case(When(Exists(reminded.filter(kind=Reminder.Kind.OVERDUE)), then=Value("overdue")),
                                       default=Value("due")))
            .select_related("episode__patient", "site")
            .order_by("window_closes", "id"))


def contacts_for(follow_up: FollowUp) -> list[FollowUpContact]:
    return list(follow_up.contacts.select_related("recorded_by", "refracture_episode").order_by("contacted_on", "id"))


def episode_follow_up_plan(episode: FractureEpisode) -> list[FollowUp]:
    """The episode's follow-ups with their contacts and letters, in 3 queries whatever their number."""
    follow_ups = list(
        FollowUp.objects.filter(episode_id=episode.pk).order_by("due_on", "id").prefetch_related(
            Prefetch("contacts", queryset=FollowUpContact.objects.select_related("recorded_by").order_by("contacted_on", "id")),
            Prefetch("letters", queryset=PatientReminderLetter.objects.defer("content_html").order_by("created_at")),
        )
    )
    for follow_up in follow_ups:
        follow_up.episode = episode
    return follow_ups


# The week of each contact, as the patient letter names it (assessments.letters.planned_contacts).
_KIND_WEEKS = {FollowUpKind.WEEK_4: 4, FollowUpKind.WEEK_12: 12, FollowUpKind.WEEK_52: 52}


def planned_contacts(episode: FractureEpisode) -> list[tuple[int, date, bool]]:
    """The episode's follow-up contacts for the letter to the patient (registered in FollowupConfig.ready):
    (week, due date, done), cancelled ones left out, in 1 query."""
    rows = (FollowUp.objects.filter(episode_id=episode.pk).exclude(status=FollowUp.Status.CANCELLED)
            .order_by("due_on", "id").values_list("kind", "due_on", "status"))
    return [(_KIND_WEEKS.get(kind, 0), due_on, status in (FollowUp.Status.COMPLETED, FollowUp.Status.MISSED))
            for kind, due_on, status in rows]


def notifications_for(user) -> QuerySet[Notification]:
    return (Notification.objects.filter(user=user, site_id__in=visible_site_ids(user))
            .select_related("follow_up", "follow_up__episode", "follow_up__episode__patient", "site",
                            # or a treatment course's reminder: the page links to the course's episode
                            "course_reminder", "course_reminder__course", "course_reminder__course__episode",
                            "course_reminder__course__episode__patient")
            .order_by("-id"))  # newest first, along the (user, id) index


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True, site_id__in=visible_site_ids(user)).count()


def letter_for_user(user, pk: int) -> PatientReminderLetter:
    letter = (PatientReminderLetter.objects.filter(pk=pk, follow_up__site_id__in=visible_site_ids(user))
              .select_related("follow_up__site", "follow_up__episode__patient").first())
    if letter is None:
        raise Http404("No such letter.")
    return letter


def settings_sites(user) -> QuerySet[Site]:
    return Site.objects.filter(id__in=visible_site_ids(user)).order_by("name")


def settings_for_user(user, code: str) -> FollowUpSettings:
    from .services import settings_for_site

    site = settings_sites(user).filter(code=code).first()
    if site is None:
        raise Http404("No such site.")
    row = settings_for_site(site)
    row.site = site
    return row
