"""Every read the worklists need, scoped to the user's sites through fls.selectors.visible_site_ids.

Each nurse tab is defined once (EPISODE_TABS, window_rules), and that rule gives both its rows and its count,
so a row and the number on its tab cannot disagree. All the counts come from one statement, the rows from one
more, with bounded offset pagination; both are written out in worklists.statements (why: see there).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import BloodResult, DecisionStatus, TreatmentDecision
from assessments.selectors import signoff_page_from, signoff_queue
from fls.models import User
from fls.paging import MAX_OFFSET, page_offset
from fls.roles import NURSE
from fls.selectors import visible_site_ids
from followup.models import FollowUp
from patients.models import WORKLIST_STATES, EpisodeState
from treatment import course_plan as plans

from . import clinician_statements, statements
from .models import ClinicalAdviceRequest, WorklistBloodResult, WorklistEpisode, WorklistFollowUp

PAGE_SIZE = 25  # rows to a page, offsets bounded by fls.paging.MAX_OFFSET


# Every query is limited to the states an episode can be in while it is on a tab, so a deployment's years of
# completed episodes cost nothing: the index episode_worklist holds only these.
_WORKLIST_STATES = list(WORKLIST_STATES)


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week."""
    return today + timedelta(days=6 - today.weekday())


def _follow_ups(today: date, tab: str):
    """The read model's follow-ups of the episode that put it on follow-up tab `tab` (for an EXISTS)."""
    return WorklistFollowUp.objects.filter(_follow_up_condition(tab, today), episode_id=OuterRef("pk"),
                                           site_id=OuterRef("site_id"))


@dataclass(frozen=True)
class Tab:
    key: str
    label_message: str  # marked for translation (lazy): read through `label`, in the active language
    next_action_message: str

    @property
    def label(self) -> str:
        return str(self.label_message)

    @property
    def next_action(self) -> str:
        return str(self.next_action_message)


TABS = (
    Tab("triage", _("To triage"), pgettext_lazy("next action", "Triage")),
    Tab("assessment", _("Awaiting assessment"), _("Record assessment")),
    Tab("dxa", _("Awaiting DXA result"), _("Record DXA result")),
    Tab("decision", _("Awaiting treatment decision"), _("Record treatment decision")),
    Tab("signoff", _("Awaiting sign-off"), _("Chase sign-off")),
    # The follow-up tabs count patients (one row per episode), and say so: the Follow-ups page counts follow-ups.
    Tab("due", _("Patients due this week"), _("Make follow-up contact")),
    Tab("overdue", _("Patients overdue"), _("Make overdue contact")),
    Tab("lost", _("Patients lost to follow-up"), _("Review lost follow-up")),
)
TAB_KEYS = [t.key for t in TABS]  # the tabs of episodes (tab_rows)
# The tab of course items (treatment_tab_rows), after them: one row per item, not per episode.
TREATMENT_TAB = Tab("treatment", _("Treatment due"), _("Record dose"))
WORKLIST_TABS = (*TABS, TREATMENT_TAB)  # what the page shows, and tab_counts counts
WORKLIST_TAB_KEYS = [t.key for t in WORKLIST_TABS]
FOLLOW_UP_TABS = {"due", "overdue", "lost"}


# Each tab's rule, the one definition of who is on it (its rows and its count, as SQL in
# worklists.statements, and as a Q in tab_condition), over the worklists' read model (WorklistEpisode): the
# episode's state and the two facts of its assessment and decision the read model holds beside it, all in the
# index wl_episode_tabs, so counting a site's tabs reads that index alone. A follow-up is lost only as its episode is marked lost to follow-up, in
# one transaction (followup.services.contact_record, episode_left_pathway), and resuming reopens it: so the
# episode's state alone says "lost".
_S, _D = EpisodeState, DecisionStatus
EPISODE_TABS = {
    "triage": {"state": [_S.IDENTIFIED]},
    "assessment": {"state": [_S.AWAITING_ASSESSMENT], "dxa_pending": [False]},
    "dxa": {"state": [_S.AWAITING_ASSESSMENT, _S.ASSESSED], "dxa_pending": [True]},
    "decision": {"state": [_S.ASSESSED], "decision_status": [_D.NONE], "dxa_pending": [False]},
    "signoff": {"state": [_S.ASSESSED, _S.TREATMENT_DECIDED], "decision_status": [_D.DRAFTED]},
    "lost": {"state": [_S.LOST_TO_FOLLOW_UP]},
}
# Due and overdue: an episode in follow-up with a scheduled follow-up whose window is open this week, or has
# closed.
IN_FOLLOW_UP = {"state": [_S.IN_FOLLOW_UP]}


def window_rules(today: date) -> dict[str, dict]:
    """Due and overdue's windows: column → (operator, day), on a scheduled follow-up."""
    return {"due": {"window_opens": ("<=", week_end(today)), "window_closes": (">=", today)},
            "overdue": {"window_closes": ("<", today)}}


_LOOKUPS = {"<=": "lte", ">=": "gte", "<": "lt"}


def _follow_up_condition(key: str, today: date) -> Q:
    """The follow-up tabs' rule seen from the follow-up, as a Q."""
    if key in ("due", "overdue"):
        return Q(status=FollowUp.Status.SCHEDULED, **{f"{column}__{_LOOKUPS[op]}": day
                                                      for column, (op, day) in window_rules(today)[key].items()})
    return Q(status=FollowUp.Status.LOST)


def tab_condition(key: str, today: date) -> Q:
    """Which episodes are on tab `key` on `today`, as a Q on WorklistEpisode: the tab's rule (EPISODE_TABS,
    window_rules)."""
    if key in ("due", "overdue"):
        return Q(state=_S.IN_FOLLOW_UP) & Q(Exists(_follow_ups(today, key)))
    return Q(**{f"{column}__in": values for column, values in EPISODE_TABS[key].items()})


# The *Treatment due* tab: the course plans' items showing today (treatment.models.CourseItem.shows_on) of the
# episodes the service still treats (worklists.read_model.TREATMENT_STATES), one row per item, whatever the
# episode's step (most are past the 52-week contact). Its kinds, the filter on the tab: key → (label, item codes).
TREATMENT_KINDS = {
    "dose_due": (_("Dose due"), (plans.DOSE_DUE,)),
    "overdue": (_("Dose overdue"), (plans.DOSE_OVERDUE,)),
    "course_ending": (_("Course ending"), (plans.COURSE_ENDING,)),
    "review": (_("Review due"), (plans.REVIEW_DUE,)),
    "stopped": (_("Stopped without follow-on"), (plans.DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON,
                                                 plans.DENOSUMAB_FOLLOW_ON_LATE,
                                                 plans.ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON)),
}
TREATMENT_CODES = plans.ITEM_CODES  # every kind: every item code


def treatment_codes(kind: str) -> tuple[str, ...]:
    """The item codes a kind filter keeps ("": all of them)."""
    return TREATMENT_KINDS[kind][1] if kind in TREATMENT_KINDS else TREATMENT_CODES


def treatment_condition(today: date, kind: str = "") -> Q:
    """Which of the read model's course items are on the *Treatment due* tab on `today`, as a Q on
    WorklistCourseItem: the rule worklists.statements.treatment_items writes in SQL (checked against each other by
    tests/worklists/test_treatment_due_tab.py), and CourseItem.shows_on's."""
    return (Q(appears_from__lte=today) & (Q(replaced_from__isnull=True) | Q(replaced_from__gt=today))
            & Q(code__in=treatment_codes(kind)))


@dataclass
class Filters:
    site_id: int | None = None
    nurse: str = ""  # "", "mine", "none" or a user id
    fracture_site: str = ""
    identified_from: date | None = None
    identified_to: date | None = None
    q: str = ""
    kind: str = ""  # the *Treatment due* tab's: "" or a key of TREATMENT_KINDS

    @property
    def on_episode_only(self) -> bool:
        """A filter only the episode holds: fracture site or dates (the read model's follow-up holds its
        episode's site, patient and nurse, but not these)."""
        return bool(self.fracture_site or self.identified_from or self.identified_to)


# What the episodes' side of the counts reads: the steps before follow-up, and lost to follow-up.
_COUNTED_STATES = [*_WORKLIST_STATES[:4], EpisodeState.LOST_TO_FOLLOW_UP]


def tab_counts(user, filters: Filters, *, today: date | None = None) -> dict[str, int]:
    """The number on every tab (WORKLIST_TABS), in ONE statement (worklists.statements.counts): the episode tabs over an
    index-only scan of episode_worklist; due and overdue over one of the scheduled follow-ups, which carry
    their episode's site, patient and nurse, so the episode is joined only for its fracture site or dates (a
    scheduled follow-up's episode is always in follow-up: followup.services cancels, or puts on hold, every
    scheduled follow-up of an episode that leaves follow-up); the *Treatment due* tab's items over its read model
    (WorklistCourseItem), by the FROM and WHERE its rows read (_treatment_items)."""
    today = today or timezone.localdate()
    site_ids = visible_site_ids(user)
    if not site_ids:
        return dict.fromkeys(WORKLIST_TAB_KEYS, 0)
    found = statements.counts(site_ids=site_ids, filters=filters, user=user, episode_tabs=EPISODE_TABS,
                              counted_states=_COUNTED_STATES, windows=window_rules(today),
                              treatment=_treatment_items(site_ids, filters, user, today))
    return {key: found[key] for key in WORKLIST_TAB_KEYS}


def _treatment_items(site_ids, filters: Filters, user, today: date):
    """The *Treatment due* tab's FROM and WHERE: what its count and its rows both read."""
    return statements.treatment_items(site_ids=site_ids, filters=filters, user=user, today=today,
                                      codes=treatment_codes(filters.kind))


# Sortable columns (worklists.statements.SORT_COLUMNS), and due and overdue's window.
SORTS = tuple(statements.SORT_COLUMNS)
DEFAULT_SORT = "identified"  # oldest first: nobody waits longest
# Due and overdue also sort by the window of the tab's follow-up, and open so: the window closing soonest
# (due) or closed longest ago (overdue) first. That order is read from the follow-ups' own index.
WINDOW_TABS = ("due", "overdue")


# The *Treatment due* tab has one order (escalated first, then by date: worklists.statements.treatment_rows),
# ascending or descending.
TREATMENT_SORT = "date"


def sorts_for(tab: str) -> tuple[str, ...]:
    if tab == "treatment":
        return (TREATMENT_SORT,)
    return (*SORTS, "window") if tab in WINDOW_TABS else SORTS


def default_sort(tab: str) -> str:
    if tab == "treatment":
        return TREATMENT_SORT
    return "window" if tab in WINDOW_TABS else DEFAULT_SORT


# The date a tab's next action shows besides the episode (worklists.presenters): read for that tab only.
_ASKED_ON = {"dxa": "dxa_requested_on", "signoff": "decision_drafted_at"}  # columns of WorklistEpisode


def tab_rows(user, tab: str, filters: Filters, *, sort: str | None = None, descending: bool = False,
             offset: int = 0, limit: int = PAGE_SIZE, today: date | None = None) -> list[statements.Entry]:
    """One page of a tab's episodes, in one statement (worklists.statements.rows), each with what its next
    action shows. Sorted by the window (due, overdue), the page is chosen from the tab's follow-ups, in the
    order of each episode's first window to close: an index-only read of fu_scheduled_by_opening."""
    today = today or timezone.localdate()
    site_ids = visible_site_ids(user)
    if not site_ids:
        return []
    sort = sort if sort in sorts_for(tab) else default_sort(tab)
    window = window_rules(today)[tab] if tab in WINDOW_TABS else None
    follow_up_status = (FollowUp.Status.SCHEDULED if tab in WINDOW_TABS else
                        FollowUp.Status.LOST if tab == "lost" else None)
    return statements.rows(site_ids=site_ids, filters=filters, user=user,
                           rule=IN_FOLLOW_UP if window else EPISODE_TABS[tab], window=window, sort=sort,
                           descending=descending, offset=max(0, min(offset, MAX_OFFSET)), limit=limit,
                           asked_on=_ASKED_ON.get(tab), follow_up_status=follow_up_status)


def treatment_tab_rows(user, filters: Filters, *, descending: bool = False, offset: int = 0,
                       limit: int = PAGE_SIZE, today: date | None = None) -> list[statements.TreatmentEntry]:
    """One page of the *Treatment due* tab's items, in one statement (worklists.statements.treatment_rows), read
    by the same FROM and WHERE as its count."""
    today = today or timezone.localdate()
    site_ids = visible_site_ids(user)
    if not site_ids:
        return []
    return statements.treatment_rows(treatment=_treatment_items(site_ids, filters, user, today),
                                     descending=descending, offset=max(0, min(offset, MAX_OFFSET)), limit=limit)


def nurses_for_filter(user) -> list[tuple[int, str]]:
    """(id, name) of the active nurses of the user's sites, for the nurse filter: values, not whole users."""
    rows = (User.objects.filter(memberships__site_id__in=visible_site_ids(user), groups__name=NURSE, is_active=True)
            .distinct().order_by("first_name", "last_name", "id").values_list("id", "first_name", "last_name", "username"))
    return [(pk, User.display_name(first, last, username)) for pk, first, last, username in rows]


# --- The clinician's worklist --------------------------------------------------------------

# Each list is paged on its own, with the nurse worklist's bound on the offset (fls.paging.MAX_OFFSET): no
# request walks and discards more than that many index entries.
CLINICIAN_PAGE_SIZE = 25


def _bloods_to_review(site_ids) -> QuerySet[WorklistBloodResult]:
    """The read model's rows of the results to review at the sites (worklists.read_model.blood_result_rows says
    which), in order: read from its index wl_blood_results, and counted from it alone."""
    return WorklistBloodResult.objects.filter(site_id__in=site_ids).order_by("recorded_at", "pk")


def abnormal_bloods_to_review(user) -> QuerySet[BloodResult]:
    """Out-of-range blood results (not entered in error) of episodes whose treatment is not yet signed off:
    the clinician looks at them before signing the decision off. Oldest first."""
    return (BloodResult.objects.filter(pk__in=_bloods_to_review(visible_site_ids(user)).values("pk"))
            .order_by("recorded_at", "id"))


def open_advice_requests(user) -> QuerySet[ClinicalAdviceRequest]:
    """Unanswered requests for advice, oldest first. A request holds no site of its own, so its episode's is
    tested: the open ones are few (one per episode at most, one_open_advice_request_per_episode), read from
    wl_open_advice_requests, each probing its episode by primary key."""
    return _open_advice(visible_site_ids(user))


def _open_advice(site_ids) -> QuerySet[ClinicalAdviceRequest]:
    return (ClinicalAdviceRequest.objects.filter(answered_at__isnull=True, episode__site_id__in=site_ids)
            .order_by("requested_at", "id"))


def clinician_lists(user) -> dict[str, QuerySet]:
    """The clinician worklist's three lists, as querysets: each list's definition, which its page reads
    (clinician_page), and whose totals clinician_statements.totals counts (checked against these by the tests)."""
    # The decisions awaiting sign-off are the sign-off queue's own definition.
    return {"signoff": signoff_queue(user), "bloods": abnormal_bloods_to_review(user),
            "advice": open_advice_requests(user)}


CLINICIAN_LISTS = ("signoff", "bloods", "advice")


def clinician_totals(user) -> dict[str, int]:
    """Every list's true total, in ONE statement (clinician_statements.totals)."""
    site_ids = visible_site_ids(user)
    if not site_ids:
        return dict.fromkeys(CLINICIAN_LISTS, 0)
    return clinician_statements.totals(site_ids)


_PATIENT = ("patient__family_name", "patient__given_name", "patient__local_id", "site__code")


def _blood_page(site_ids, *, offset: int, limit: int) -> list[clinician_statements.BloodEntry]:
    """A page of results to review, oldest recorded first: the page's ids from the read model alone, then only
    those joined to their assessment's episode, patient and site."""
    page = _bloods_to_review(site_ids).values("pk")[offset:offset + limit]
    rows = (BloodResult.objects.filter(pk__in=page).order_by("recorded_at", "id")
            .values_list("pk", "assessment__episode_id", *(f"assessment__episode__{f}" for f in _PATIENT),
                         "test", "test_name", "value", "unit", "result_text", "reference_low", "reference_high",
                         "taken_on"))
    return [clinician_statements.BloodEntry(*row) for row in rows]


def _advice_page(site_ids, *, offset: int, limit: int) -> list[clinician_statements.AdviceEntry]:
    """A page of open requests for advice, oldest first, with who asked."""
    rows = (_open_advice(site_ids)
            .values_list("pk", "episode_id", *(f"episode__{f}" for f in _PATIENT), "question", "requested_at",
                         "requested_by__first_name", "requested_by__last_name", "requested_by__username")
            [offset:offset + limit])
    return [clinician_statements.AdviceEntry(*row) for row in rows]


def _signoff_page(site_ids, *, offset: int, limit: int):
    decisions = TreatmentDecision.objects.filter(signed_off_at__isnull=True, site_id__in=site_ids)
    return signoff_page_from(decisions, offset=offset, limit=limit)


# Each page is read by the ORM: measured against the same statements written in SQL, the clinician's pages were
# as fast (BENCHMARKS.md, 2026-12-05, "Raw SQL only where it pays").
_CLINICIAN_PAGES = {"signoff": _signoff_page, "bloods": _blood_page, "advice": _advice_page}


def clinician_page(user, key: str, page: int) -> list:
    """Page `page` (from 1) of list `key`, within the bound on the offset, in one statement: its rows as
    entries (assessments.statements.SignoffEntry, clinician_statements.BloodEntry, .AdviceEntry)."""
    site_ids = visible_site_ids(user)
    if not site_ids:
        return []
    return _CLINICIAN_PAGES[key](site_ids, offset=page_offset(page, CLINICIAN_PAGE_SIZE), limit=CLINICIAN_PAGE_SIZE)


def advice_request_for_user(user, pk: int) -> ClinicalAdviceRequest:
    from django.http import Http404

    found = ClinicalAdviceRequest.objects.filter(pk=pk, episode__site_id__in=visible_site_ids(user)).first()
    if found is None:
        raise Http404("No such request.")
    return found
