"""Every read the worklists need, scoped to the user's sites through fls.selectors.visible_site_ids.

Each tab is defined once (tab_condition), and that definition gives both its rows and its count, so a row
and the number on its tab cannot disagree. All the counts come from one query: a FILTER clause per tab over the
episodes, beside the follow-up tabs counted from the follow-ups by the same rule (_follow_up_condition). The
rows come from one query, with bounded offset pagination.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from assessments.models import BloodResult, TreatmentDecision
from fls.models import User
from fls.roles import NURSE
from fls.selectors import visible_site_ids
from followup.models import FollowUp
from patients.models import WORKLIST_STATES, DecisionStatus, EpisodeState, FractureEpisode, Patient

from .models import ClinicalAdviceRequest

PAGE_SIZE = 25
# Bounded offset pagination: beyond this many rows a nurse narrows the filters instead of paging on,
# so no request ever makes PostgreSQL walk and discard more than MAX_OFFSET rows.
MAX_OFFSET = 2000

# Every query is limited to the states an episode can be in while it is on a tab, so a deployment's years of
# completed episodes cost nothing: the index episode_worklist holds only these.
_WORKLIST_STATES = list(WORKLIST_STATES)


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week."""
    return today + timedelta(days=6 - today.weekday())


def _follow_ups(today: date, tab: str):
    """The episode's follow-ups that put it on follow-up tab `tab` (for an EXISTS or a subquery).

    A follow-up's site is its episode's (FollowUp.site); saying so lets PostgreSQL carry the episode's site
    over to the follow-ups and read only that site's from their indexes, not probe them episode by episode."""
    return FollowUp.objects.filter(_follow_up_condition(tab, today), episode_id=OuterRef("pk"),
                                   site_id=OuterRef("site_id"))


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    next_action: str


TABS = (
    Tab("triage", "To triage", "Triage"),
    Tab("assessment", "Awaiting assessment", "Record assessment"),
    Tab("dxa", "Awaiting DXA result", "Record DXA result"),
    Tab("decision", "Awaiting treatment decision", "Record treatment decision"),
    Tab("signoff", "Awaiting sign-off", "Chase sign-off"),
    Tab("due", "Follow-ups due this week", "Make follow-up contact"),
    Tab("overdue", "Overdue", "Make overdue contact"),
    Tab("lost", "Lost to follow-up", "Review lost follow-up"),
)
TAB_KEYS = [t.key for t in TABS]
FOLLOW_UP_TABS = {"due", "overdue", "lost"}


def tab_condition(key: str, today: date) -> Q:
    """Which episodes are on tab `key` on `today`: the one definition of each tab, for its rows and its count.

    The steps before follow-up, and lost to follow-up, test only the episode's own columns: its state and
    the two facts mirrored from its assessment and decision (patients.models.MIRRORED_FIELDS, kept by
    assessments), which the index episode_worklist holds, so counting a site's tabs reads that index alone.
    Due and overdue test the episode's follow-ups (_follow_ups); their counts come from the follow-ups' side."""
    S, D = EpisodeState, DecisionStatus
    if key == "triage":
        return Q(state=S.IDENTIFIED)
    if key == "assessment":
        return Q(state=S.AWAITING_ASSESSMENT, dxa_pending=False)
    if key == "dxa":
        return Q(state__in=[S.AWAITING_ASSESSMENT, S.ASSESSED], dxa_pending=True)
    if key == "decision":
        return Q(state=S.ASSESSED, decision_status=D.NONE, dxa_pending=False)
    if key == "signoff":
        return Q(state__in=[S.ASSESSED, S.TREATMENT_DECIDED], decision_status=D.DRAFTED)
    if key in ("due", "overdue"):
        return Q(state=S.IN_FOLLOW_UP) & Q(Exists(_follow_ups(today, key)))
    if key == "lost":
        # A follow-up is lost only as its episode is marked lost to follow-up, in one transaction
        # (followup.services.contact_record, episode_left_pathway), and resuming reopens it: so the
        # episode's state alone says it, and the tab needs no follow-up read.
        return Q(state=S.LOST_TO_FOLLOW_UP)
    raise KeyError(key)


def _scheduled_window(key: str, today: date) -> Q:
    """Where a scheduled follow-up's window lies, for the due and overdue tabs."""
    if key == "due":
        return Q(window_opens__lte=week_end(today), window_closes__gte=today)
    return Q(window_closes__lt=today)


def _follow_up_condition(key: str, today: date) -> Q:
    """The follow-up tabs' conditions seen from the follow-up: the same rule as tab_condition's EXISTS."""
    if key in ("due", "overdue"):
        return Q(status=FollowUp.Status.SCHEDULED) & _scheduled_window(key, today)
    return Q(status=FollowUp.Status.LOST)


@dataclass
class Filters:
    site_id: int | None = None
    nurse: str = ""  # "", "mine", "none" or a user id
    fracture_site: str = ""
    identified_from: date | None = None
    identified_to: date | None = None
    q: str = ""

    @property
    def on_episode_only(self) -> bool:
        """A filter only the episode holds: fracture site or dates (a follow-up copies its episode's site,
        patient and nurse, FollowUp.patient and FollowUp.assigned_nurse, but not these)."""
        return bool(self.fracture_site or self.identified_from or self.identified_to)


def _sites_q(user, filters: Filters) -> Q:
    q = Q(site_id__in=visible_site_ids(user))
    return q & Q(site_id=filters.site_id) if filters.site_id else q


def _nurse_and_search_q(user, filters: Filters) -> Q:
    """The nurse and search filters, as a condition on the fields an episode and its follow-ups share
    (assigned_nurse, patient)."""
    q = Q()
    if filters.nurse == "mine":
        q &= Q(assigned_nurse=user)
    elif filters.nurse == "none":
        q &= Q(assigned_nurse__isnull=True)
    elif filters.nurse.isdigit():
        q &= Q(assigned_nurse_id=int(filters.nurse))
    for word in filters.q.split()[:4]:
        q &= Q(patient_id__in=_patients_matching(user, word))
    return q


def _episode_only_q(filters: Filters, prefix: str = "") -> Q:
    """The fracture site and dates, on an episode reached through `prefix` (e.g. "episode__")."""
    q = Q()
    if filters.fracture_site:
        q &= Q(**{f"{prefix}fracture_site": filters.fracture_site})
    if filters.identified_from:
        q &= Q(**{f"{prefix}identified_on__gte": filters.identified_from})
    if filters.identified_to:
        q &= Q(**{f"{prefix}identified_on__lte": filters.identified_to})
    return q


def _filter_q(user, filters: Filters) -> Q:
    """The filters as one condition on an episode."""
    return _sites_q(user, filters) & _nurse_and_search_q(user, filters) & _episode_only_q(filters)


def _patients_matching(user, word: str) -> QuerySet[Patient]:
    """The ids of the user's sites' patients whose surname or given name starts with `word`, or whose hospital
    or national number it is. A union, so each test reads its own index alone (patients migration 0003:
    site first, as an episode's patient is at its site, and covering the id)."""
    patients = Patient.objects.filter(site_id__in=visible_site_ids(user)).order_by().values("id")
    return patients.filter(family_name__istartswith=word).union(
        patients.filter(given_name__istartswith=word), patients.filter(local_id__iexact=word),
        patients.filter(national_id=word))


def _filtered(user, filters: Filters) -> QuerySet[FractureEpisode]:
    return FractureEpisode.objects.filter(_filter_q(user, filters), state__in=_WORKLIST_STATES)


_EPISODE_TABS = ["triage", "assessment", "dxa", "decision", "signoff", "lost"]
# What the episodes' side of the counts reads: the steps before follow-up, and lost to follow-up.
_COUNTED_STATES = [*_WORKLIST_STATES[:4], EpisodeState.LOST_TO_FOLLOW_UP]


def _follow_ups_of_filtered(user, filters: Filters) -> QuerySet[FollowUp]:
    """The follow-ups of the episodes the filters select.

    A follow-up carries its episode's site, patient and nurse (copied, FollowUp.site, .patient and
    .assigned_nurse), so those are tested on the follow-up itself, inside the index fu_scheduled_by_opening;
    the episode is joined only for a filter it alone holds (Filters.on_episode_only)."""
    qs = FollowUp.objects.filter(_sites_q(user, filters), _nurse_and_search_q(user, filters))
    if filters.on_episode_only:
        qs = qs.filter(_episode_only_q(filters, "episode__"), episode__state=EpisodeState.IN_FOLLOW_UP)
    return qs


def _one_row(qs: QuerySet, **counts) -> QuerySet:
    """`qs` aggregated to one row of `counts`, as a query to be composed (not run)."""
    return qs.order_by().annotate(one=Value(1)).values("one").annotate(**counts).values(*counts)


def tab_counts(user, filters: Filters, *, today: date | None = None) -> dict[str, int]:
    """The number on every tab, in ONE query of two one-row aggregates side by side.

    The episodes: a FILTER clause per tab, over an index-only scan of episode_worklist. The scheduled
    follow-ups (due, overdue): an index-only scan of the follow-ups, without the episodes unless a filter
    needs them: a scheduled follow-up's episode is always in follow-up (followup.services cancels, or puts
    on hold, every scheduled follow-up of an episode that leaves follow-up). At 1M episodes no plan of it
    reaches jit_above_cost, even for a user of every site, so it needs no SET LOCAL jit = off."""
    today = today or timezone.localdate()
    if not visible_site_ids(user):
        return dict.fromkeys(TAB_KEYS, 0)
    episodes = _one_row(
        _filtered(user, filters).filter(state__in=_COUNTED_STATES),
        **{key: Count("id", filter=tab_condition(key, today)) for key in _EPISODE_TABS},
    )
    # An overdue window closed before today, so it opened before the week's end too: the follow-ups of
    # both tabs lie in one range of window_opens (window_opens <= window_closes: follow_up_due_inside_window).
    scheduled = _one_row(
        _follow_ups_of_filtered(user, filters)
        .filter(status=FollowUp.Status.SCHEDULED, window_opens__lte=week_end(today)),
        # Only the windows are tested per tab, so the count reads nothing the index lacks.
        **{key: Count("episode_id", distinct=True, filter=_scheduled_window(key, today)) for key in ("due", "overdue")},
    )
    parts = [q.query.sql_with_params() for q in (episodes, scheduled)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(f"({sql}) AS part{i}" for i, (sql, _) in enumerate(parts)),
                       [p for _, params in parts for p in params])
        row = cursor.fetchone()
    names = [*_EPISODE_TABS, "due", "overdue"]
    found = dict(zip(names, row)) if row else dict.fromkeys(names, 0)
    return {key: found[key] for key in TAB_KEYS}


# Sortable columns: URL name → ORM ordering. Ties are broken by id so pages never overlap.
SORTS = {
    "patient": ("patient__family_name", "patient__given_name"),
    "site": ("site__code",),
    "fracture": ("fracture_site",),
    "fractured": ("fracture_date",),
    "identified": ("identified_on",),
    "nurse": ("assigned_nurse__last_name",),
    "state_changed": ("state_changed_at",),
}
DEFAULT_SORT = "identified"  # oldest first: nobody waits longest
# Due and overdue also sort by the window of the tab's follow-up, and open so: the window closing soonest
# (due) or closed longest ago (overdue) first. That order is read from the follow-ups' own index.
WINDOW_TABS = ("due", "overdue")


def sorts_for(tab: str) -> tuple[str, ...]:
    return (*SORTS, "window") if tab in WINDOW_TABS else tuple(SORTS)


def default_sort(tab: str) -> str:
    return "window" if tab in WINDOW_TABS else DEFAULT_SORT


# What a tab's next action shows besides the episode (worklists.presenters): joined for that
# tab only, so the other tabs' queries stay small to plan and run.
_NEXT_ACTION_NEEDS = {
    "dxa": (("assessment",), ("assessment__id", "assessment__dxa_requested_on")),
    "signoff": (("treatment_decision",), ("treatment_decision__id", "treatment_decision__drafted_at")),
}


def tab_rows(user, tab: str, filters: Filters, *, sort: str | None = None, descending: bool = False,
             offset: int = 0, limit: int = PAGE_SIZE, today: date | None = None) -> list[FractureEpisode]:
    """One page of a tab's episodes, in one query, each with what it needs to show its next action.

    The page's ids are chosen first, in a subquery of the episodes alone (and what the sort needs), and only
    those rows are joined to their patient, site and nurse (and what the next action shows): joined first,
    PostgreSQL would sort a whole tab of wide rows, hashing those tables whole, to keep 25. Sorted by the
    window (due, overdue), the ids come from the tab's follow-ups instead, grouped by episode, in the order
    of each episode's first window to close: an index-only read of the follow-ups (fu_scheduled_by_opening)."""
    today = today or timezone.localdate()
    sort = sort if sort in sorts_for(tab) else default_sort(tab)
    offset = max(0, min(offset, MAX_OFFSET))
    last = "-id" if descending else "id"
    if sort == "window":
        page = (_follow_ups_of_filtered(user, filters).filter(_follow_up_condition(tab, today))
                .values("episode_id").annotate(closes=Min("window_closes"))
                .order_by("-closes" if descending else "closes", "-episode_id" if descending else "episode_id")
                .values("episode_id"))
        order = [F("follow_up_closes").desc() if descending else F("follow_up_closes").asc(), last]
    else:
        order = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in SORTS[sort]]
        order.append(last)
        page = _filtered(user, filters).filter(tab_condition(tab, today)).order_by(*order).values("pk")
    related, only = _NEXT_ACTION_NEEDS.get(tab, ((), ()))
    qs = (FractureEpisode.objects.filter(pk__in=page[offset:offset + limit])
          .select_related("patient", "site", "assigned_nurse", *related)
          .only("id", "fracture_date", "fracture_site", "identified_on", "state", "state_changed_at", "mechanism",
                "refracture_of_id", "source",
                "patient__id", "patient__family_name", "patient__given_name", "patient__local_id",
                "patient__date_of_birth", "site__id", "site__code", "site__name",
                "assigned_nurse__id", "assigned_nurse__first_name", "assigned_nurse__last_name",
                "assigned_nurse__username", *only))
    if tab in FOLLOW_UP_TABS:
        # The tab's follow-up of each row: the first of its windows to close (for due and overdue, the one
        # whose window the row is sorted by).
        follow_up = _follow_ups(today, tab).order_by("window_closes", "id")
        qs = qs.annotate(follow_up_id=Subquery(follow_up.values("id")[:1]),
                         follow_up_closes=Subquery(follow_up.values("window_closes")[:1]),
                         follow_up_kind=Subquery(follow_up.values("kind")[:1]))
    return list(qs.order_by(*order))


def nurses_for_filter(user) -> list[tuple[int, str]]:
    """(id, name) of the active nurses of the user's sites, for the nurse filter: values, not whole users."""
    rows = (User.objects.filter(memberships__site_id__in=visible_site_ids(user), groups__name=NURSE, is_active=True)
            .distinct().order_by("first_name", "last_name", "id").values_list("id", "first_name", "last_name", "username"))
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]


# --- The clinician's worklist --------------------------------------------------------------

# Each list is paged on its own, with the nurse worklist's bound on the offset (MAX_OFFSET): no request walks
# and discards more than that many index entries.
CLINICIAN_PAGE_SIZE = 25


def decisions_awaiting_signoff(user) -> QuerySet[TreatmentDecision]:
    """Treatment decisions waiting for sign-off, oldest first: the one definition of the list, for its count and
    its pages. The decision carries its episode's site, so one site's are read in order from the index
    decision_awaiting_signoff, and counted from it alone."""
    return (TreatmentDecision.objects.filter(signed_off_at__isnull=True, site_id__in=visible_site_ids(user))
            .select_related("episode__patient", "episode__site", "episode__assessment", "drafted_by")
            # What a row shows (assessments.presenters.signoff_rows), not the records' every column.
            .only("id", "recommendation", "recommendation_other", "initiated_by", "drafted_at", "signed_off_at",
                  "episode", "episode__fracture_site", "episode__fracture_date", "episode__state",
                  "episode__patient", "episode__patient__family_name", "episode__patient__given_name",
                  "episode__patient__local_id", "episode__site", "episode__site__code", "episode__assessment",
                  "episode__assessment__episode", "episode__assessment__t_score_lumbar_spine",
                  "episode__assessment__t_score_total_hip", "episode__assessment__t_score_femoral_neck",
                  "episode__assessment__frax_mof_percent", "drafted_by", "drafted_by__first_name",
                  "drafted_by__last_name", "drafted_by__username")
            .order_by("drafted_at", "id"))


def abnormal_bloods_to_review(user) -> QuerySet[BloodResult]:
    """Out-of-range blood results (not entered in error) of episodes whose treatment is not yet signed off:
    the clinician looks at them before signing the decision off. Oldest first.

    That is the result's mirrored needs_review (kept by assessments.services.blood_results_review_refresh), so
    one site's are read in order from the index blood_needs_review, and counted from it alone, rather than
    found by probing every unsigned episode's assessment and its results."""
    return (BloodResult.objects.filter(needs_review=True, site_id__in=visible_site_ids(user))
            .select_related("assessment__episode__patient", "site")
            # What the row shows: the result, and the patient and site its link names.
            .only("id", "test", "test_name", "taken_on", "value", "result_text", "unit", "reference_low",
                  "reference_high", "recorded_at", "site", "site__code", "assessment", "assessment__episode",
                  "assessment__episode__patient",
                  "assessment__episode__patient__family_name", "assessment__episode__patient__given_name",
                  "assessment__episode__patient__local_id")
            .order_by("recorded_at", "id"))


def open_advice_requests(user) -> QuerySet[ClinicalAdviceRequest]:
    """Unanswered requests for advice, oldest first. A request holds no site of its own, so its episode's is
    tested: the open ones are few (one per episode at most, one_open_advice_request_per_episode), read from
    wl_open_advice_requests, each probing its episode by primary key."""
    return (ClinicalAdviceRequest.objects.filter(answered_at__isnull=True, episode__site_id__in=visible_site_ids(user))
            .select_related("episode", "episode__patient", "episode__site", "requested_by")
            .order_by("requested_at", "id"))


def clinician_lists(user) -> dict[str, QuerySet]:
    """The clinician worklist's three lists, unsliced: each is counted (clinician_totals) and paged from the
    same queryset, so a list's total and its rows cannot disagree."""
    return {"signoff": decisions_awaiting_signoff(user), "bloods": abnormal_bloods_to_review(user),
            "advice": open_advice_requests(user)}


def clinician_totals(lists: dict[str, QuerySet]) -> dict[str, int]:
    """Every list's true total, in ONE query: each list counted on its own, side by side (as tab_counts does),
    so each reads only its own partial index."""
    parts = []
    for key, qs in lists.items():
        try:
            parts.append(_one_row(qs, **{key: Count("*")}).query.sql_with_params())
        except EmptyResultSet:  # the user sees no site: Django would not send the query either
            return dict.fromkeys(lists, 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(f"({sql}) AS part{i}" for i, (sql, _) in enumerate(parts)),
                       [p for _, params in parts for p in params])
        return dict(zip(lists, cursor.fetchone()))


def clinician_page(qs: QuerySet, page: int) -> list:
    """Page `page` (from 1) of a list, within the bound on the offset, in one query.

    The page's ids are chosen first, from the list's table alone (an index-only read of its partial index),
    and only those rows are joined to what they show: joined first, PostgreSQL would join every row the
    offset skips (at page 40 a thousand decisions, each with its episode, patient and assessment)."""
    offset = max(0, min((page - 1) * CLINICIAN_PAGE_SIZE, MAX_OFFSET))
    return list(qs.filter(pk__in=qs.values("pk")[offset:offset + CLINICIAN_PAGE_SIZE]))


def advice_request_for_user(user, pk: int) -> ClinicalAdviceRequest:
    from django.http import Http404

    found = ClinicalAdviceRequest.objects.filter(pk=pk, episode__site_id__in=visible_site_ids(user)).first()
    if found is None:
        raise Http404("No such request.")
    return found
