"""Every read the worklists need, scoped to the user's sites through fls.selectors.visible_site_ids.

Each tab is one condition on FractureEpisode (TABS below), used both for the tab's rows and for its
count, so a row and the number on its tab can never disagree. All the counts come from one aggregate
query with a FILTER clause per tab; the rows from one query, bounded offset pagination.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from assessments.models import Assessment, BloodResult, TreatmentDecision
from fls.models import User
from fls.roles import NURSE
from fls.selectors import visible_site_ids
from followup.models import FollowUp
from patients.models import EpisodeState, FractureEpisode

from .models import ClinicalAdviceRequest

PAGE_SIZE = 25
# Bounded offset pagination: beyond this many rows a nurse narrows the filters instead of paging on,
# so no request ever makes PostgreSQL walk and discard more than MAX_OFFSET rows.
MAX_OFFSET = 2000

# The states an episode can be in while it is on any tab; the counts query is limited to these so a
# deployment's years of completed episodes cost nothing (index patients_fra_site_id_…(site, state, identified_on)).
_WORKLIST_STATES = [
    EpisodeState.IDENTIFIED, EpisodeState.AWAITING_ASSESSMENT, EpisodeState.ASSESSED,
    EpisodeState.TREATMENT_DECIDED, EpisodeState.IN_FOLLOW_UP, EpisodeState.LOST_TO_FOLLOW_UP,
]


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week."""
    return today + timedelta(days=6 - today.weekday())


def _follow_ups(today: date, tab: str):
    qs = FollowUp.objects.filter(episode_id=OuterRef("pk"))
    if tab == "due":
        return qs.filter(status=FollowUp.Status.SCHEDULED, window_opens__lte=week_end(today), window_closes__gte=today)
    if tab == "overdue":
        return qs.filter(status=FollowUp.Status.SCHEDULED, window_closes__lt=today)
    return qs.filter(status=FollowUp.Status.LOST)


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


def _dxa_pending():
    return Assessment.objects.filter(episode_id=OuterRef("pk"), dxa_requested_on__isnull=False,
                                     dxa_performed_on__isnull=True)


def _unsigned_decision():
    return TreatmentDecision.objects.filter(episode_id=OuterRef("pk"), signed_off_at__isnull=True)


def tab_condition(key: str, today: date) -> Q:
    """Which episodes are on tab `key` on `today`. The one definition of each tab.

    Each test on another table is an EXISTS placed after a test of the episode's own state: PostgreSQL
    evaluates a FILTER's AND left to right, so the probe only runs for the few episodes at that step
    (EXPLAIN ANALYZE at 1M episodes: joining assessments and decisions instead hashed both whole tables)."""
    S = EpisodeState
    return {
        "triage": Q(state=S.IDENTIFIED),
        "assessment": Q(state=S.AWAITING_ASSESSMENT) & ~Q(Exists(_dxa_pending())),
        "dxa": Q(state__in=[S.AWAITING_ASSESSMENT, S.ASSESSED]) & Q(Exists(_dxa_pending())),
        "decision": Q(state=S.ASSESSED) & ~Q(Exists(TreatmentDecision.objects.filter(episode_id=OuterRef("pk"))))
                    & ~Q(Exists(_dxa_pending())),
        "signoff": Q(state__in=[S.ASSESSED, S.TREATMENT_DECIDED]) & Q(Exists(_unsigned_decision())),
        "due": Q(state=S.IN_FOLLOW_UP) & Q(Exists(_follow_ups(today, "due"))),
        "overdue": Q(state=S.IN_FOLLOW_UP) & Q(Exists(_follow_ups(today, "overdue"))),
        "lost": Q(state=S.LOST_TO_FOLLOW_UP) | (Q(state=S.IN_FOLLOW_UP) & Q(Exists(_follow_ups(today, "lost")))),
    }[key]


def _follow_up_condition(key: str, today: date) -> Q:
    """The follow-up tabs' conditions seen from the follow-up: the same rule as tab_condition's EXISTS."""
    if key == "due":
        return Q(status=FollowUp.Status.SCHEDULED, window_opens__lte=week_end(today), window_closes__gte=today)
    if key == "overdue":
        return Q(status=FollowUp.Status.SCHEDULED, window_closes__lt=today)
    return Q(status=FollowUp.Status.LOST)


@dataclass
class Filters:
    site_id: int | None = None
    nurse: str = ""  # "", "mine", "none" or a user id
    fracture_site: str = ""
    identified_from: date | None = None
    identified_to: date | None = None
    q: str = ""


def _filter_q(user, filters: Filters, prefix: str = "") -> Q:
    """The filters as one condition on an episode, reached through `prefix` (e.g. "episode__")."""
    p = prefix
    q = Q(**{f"{p}site_id__in": visible_site_ids(user)})
    if filters.site_id:
        q &= Q(**{f"{p}site_id": filters.site_id})
    if filters.nurse == "mine":
        q &= Q(**{f"{p}assigned_nurse": user})
    elif filters.nurse == "none":
        q &= Q(**{f"{p}assigned_nurse__isnull": True})
    elif filters.nurse.isdigit():
        q &= Q(**{f"{p}assigned_nurse_id": int(filters.nurse)})
    if filters.fracture_site:
        q &= Q(**{f"{p}fracture_site": filters.fracture_site})
    if filters.identified_from:
        q &= Q(**{f"{p}identified_on__gte": filters.identified_from})
    if filters.identified_to:
        q &= Q(**{f"{p}identified_on__lte": filters.identified_to})
    for word in filters.q.split()[:4]:
        q &= (Q(**{f"{p}patient__family_name__istartswith": word}) | Q(**{f"{p}patient__given_name__istartswith": word})
              | Q(**{f"{p}patient__local_id__iexact": word}) | Q(**{f"{p}patient__national_id": word}))
    return q


def _filtered(user, filters: Filters) -> QuerySet[FractureEpisode]:
    return FractureEpisode.objects.filter(_filter_q(user, filters), state__in=_WORKLIST_STATES)


_EPISODE_TABS = ["triage", "assessment", "dxa", "decision", "signoff"]


def tab_counts(user, filters: Filters, *, today: date | None = None) -> dict[str, int]:
    """The number on every tab, in ONE query: an aggregate over the episodes (a FILTER clause per tab) side
    by side with an aggregate over their follow-ups, which the follow-up indexes (fu_scheduled_by_site,
    fu_site_status) answer without probing every episode in follow-up."""
    today = today or timezone.localdate()
    S = EpisodeState
    episodes = (_filtered(user, filters).filter(state__in=[*_WORKLIST_STATES[:4], S.LOST_TO_FOLLOW_UP])
                .order_by().annotate(one=Value(1)).values("one")
                .annotate(**{key: Count("id", filter=tab_condition(key, today)) for key in _EPISODE_TABS},
                          lost_state=Count("id", filter=Q(state=S.LOST_TO_FOLLOW_UP)))
                .values(*_EPISODE_TABS, "lost_state"))
    follow_ups = (FollowUp.objects.filter(_filter_q(user, filters, "episode__"), episode__state=S.IN_FOLLOW_UP)
                  .filter(_follow_up_condition("due", today) | _follow_up_condition("overdue", today)
                          | _follow_up_condition("lost", today))
                  .order_by().annotate(one=Value(1)).values("one")
                  .annotate(**{key: Count("episode_id", distinct=True, filter=_follow_up_condition(key, today))
                               for key in FOLLOW_UP_TABS})
                  .values("due", "overdue", "lost"))
    episodes_sql, episodes_params = episodes.query.sql_with_params()
    follow_ups_sql, follow_ups_params = follow_ups.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({episodes_sql}) e CROSS JOIN ({follow_ups_sql}) f",
                       (*episodes_params, *follow_ups_params))
        row = cursor.fetchone()
    names = [*_EPISODE_TABS, "lost_state", "due", "overdue", "lost"]
    found = dict(zip(names, row)) if row else dict.fromkeys(names, 0)
    found["lost"] += found.pop("lost_state")
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


def tab_rows(user, tab: str, filters: Filters, *, sort: str = DEFAULT_SORT, descending: bool = False,
             offset: int = 0, limit: int = PAGE_SIZE, today: date | None = None) -> list[FractureEpisode]:
    """One page of a tab's episodes, in one query, each with what it needs to show its next action."""
    today = today or timezone.localdate()
    fields = SORTS.get(sort, SORTS[DEFAULT_SORT])
    order = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields]
    order.append("-id" if descending else "id")
    qs = (_filtered(user, filters).filter(tab_condition(tab, today))
          .select_related("patient", "site", "assigned_nurse", "assessment", "treatment_decision")
          .only("id", "fracture_date", "fracture_site", "identified_on", "state", "state_changed_at", "mechanism",
                "refracture_of_id", "source",
                "patient__id", "patient__family_name", "patient__given_name", "patient__local_id",
                "patient__date_of_birth", "site__id", "site__code", "site__name",
                "assigned_nurse__id", "assigned_nurse__first_name", "assigned_nurse__last_name",
                "assigned_nurse__username",
                "assessment__id", "assessment__dxa_requested_on", "treatment_decision__id",
                "treatment_decision__drafted_at"))
    if tab in FOLLOW_UP_TABS:
        follow_up = _follow_ups(today, tab).order_by("window_closes", "id")
        qs = qs.annotate(follow_up_id=Subquery(follow_up.values("id")[:1]),
                         follow_up_closes=Subquery(follow_up.values("window_closes")[:1]),
                         follow_up_kind=Subquery(follow_up.values("kind")[:1]))
    offset = max(0, min(offset, MAX_OFFSET))
    return list(qs.order_by(*order)[offset:offset + limit])


def nurses_for_filter(user) -> list[User]:
    return list(User.objects.filter(memberships__site_id__in=visible_site_ids(user), groups__name=NURSE,
                                    is_active=True).distinct().order_by("first_name", "last_name"))


# --- The clinician's worklist --------------------------------------------------------------

CLINICIAN_LIMIT = 100


def decisions_awaiting_signoff(user) -> list[TreatmentDecision]:
    """Treatment decisions waiting for sign-off, oldest first (index on (signed_off_at, drafted_at))."""
    return list(TreatmentDecision.objects.filter(signed_off_at__isnull=True,
                                                 episode__site_id__in=visible_site_ids(user))
                .select_related("episode", "episode__patient", "episode__site", "episode__assessment", "drafted_by")
                .order_by("drafted_at", "id")[:CLINICIAN_LIMIT])


def _out_of_range() -> Q:
    # The same rule as assessments.rules.is_out_of_range, in SQL: below the laboratory's low, above its high,
    # or a qualitative result ticked abnormal.
    return (Q(flagged_abnormal=True) | Q(value__lt=F("reference_low")) | Q(value__gt=F("reference_high")))


def abnormal_bloods_to_review(user) -> list[BloodResult]:
    """Out-of-range blood results (not entered in error) of episodes whose treatment is not yet signed off:
    the clinician looks at them before signing the decision off. Oldest first."""
    return list(BloodResult.objects.filter(_out_of_range(), entered_in_error=False,
                                           assessment__episode__site_id__in=visible_site_ids(user),
                                           assessment__episode__state__in=_WORKLIST_STATES[:4])
                .exclude(assessment__episode__treatment_decision__signed_off_at__isnull=False)
                .select_related("assessment__episode", "assessment__episode__patient", "assessment__episode__site")
                .order_by("recorded_at", "id")[:CLINICIAN_LIMIT])


def open_advice_requests(user) -> list[ClinicalAdviceRequest]:
    return list(ClinicalAdviceRequest.objects.filter(answered_at__isnull=True,
                                                     episode__site_id__in=visible_site_ids(user))
                .select_related("episode", "episode__patient", "episode__site", "requested_by")
                .order_by("requested_at", "id")[:CLINICIAN_LIMIT])


def advice_request_for_user(user, pk: int) -> ClinicalAdviceRequest:
    from django.http import Http404

    found = ClinicalAdviceRequest.objects.filter(pk=pk, episode__site_id__in=visible_site_ids(user)).first()
    if found is None:
        raise Http404("No such request.")
    return found
