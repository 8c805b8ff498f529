"""What the nurse's worklist page shows, made from what worklists.selectors read: each row's cells and next
action, the tabs' and columns' links. No queries here.

Why in Python and not in the template: the page prints 25 rows of eight cells, three dates and two or
three links each, and Django's template engine spent more time on them than PostgreSQL spent finding
them (issue 6: {% url %} and the date filter were half the page's rendering). Here each link is one
str.format of a path reversed once per page (fls.links), each date one f-string.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fls.dates import DayMonthYear
from fls.links import path_format
from fls.paging import query
from followup.models import FollowUpKind
from patients.models import FractureSite
from treatment.models import COURSE_DRUGS, CourseItemCode

from .selectors import TREATMENT_KINDS, WORKLIST_TABS, Tab
from .statements import Entry, TreatmentEntry

COLUMNS = (("patient", gettext_lazy("Patient")), ("site", gettext_lazy("Site")), ("fracture", gettext_lazy("Fracture")),
           ("fractured", gettext_lazy("Fractured")), ("identified", gettext_lazy("Identified")),
           ("nurse", gettext_lazy("Nurse")), ("state_changed", gettext_lazy("Waiting since")))
# Due and overdue add the window of the row's follow-up (worklists.selectors.WINDOW_TABS).
WINDOW_COLUMN = ("window", gettext_lazy("Window closes"))


@dataclass(frozen=True, slots=True)
class NextAction:
    label: str
    path: str
    primary: bool  # the step's own form (solid button), or only the episode page (outline)
    note: str = ""  # a line under the button: when the step was asked for, which window closes when
    accept_path: str = ""  # triage only: the form that accepts the episode for assessment in one click


@dataclass(frozen=True, slots=True)
class Row:
    episode: Entry
    path: str  # the episode's page
    patient: str
    local_id: str
    site_code: str
    fracture: str
    refracture: bool
    fractured: str
    identified: str
    nurse: str
    waiting_since: str
    window_closes: str  # due and overdue: when the window of the row's follow-up closes (closed)
    action: NextAction


def nurse_rows(entries: list[Entry], tab: Tab) -> list[Row]:
    """The rows of tab `tab`, from worklists.selectors.tab_rows."""
    when = DayMonthYear()
    fractures = {value: str(label) for value, label in FractureSite.choices}
    kinds = {value: str(label) for value, label in FollowUpKind.choices}
    episode_path = path_format("patients:episode_detail", int)
    action = _next_action_maker(tab, when, kinds, episode_path)
    return [Row(
        episode=e, path=episode_path.format(e.pk), patient=e.patient_name, local_id=e.local_id,
        site_code=e.site_code, fracture=fractures.get(e.fracture_site, e.fracture_site),
        refracture=e.refracture_of_id is not None, fractured=when(e.fracture_date), identified=when(e.identified_on),
        nurse=e.nurse_name or "—", waiting_since=when(e.state_changed_at), window_closes=when(e.follow_up_closes),
        action=action(e),
    ) for e in entries]


def _next_action_maker(tab: Tab, when: DayMonthYear, kinds: dict, episode_path: str):
    """A function from an entry on `tab` to its next action, with the tab's paths reversed once."""
    label = tab.next_action  # translated once per page, not once per row
    if tab.key == "triage":
        accept = path_format("patients:episode_transition", int, "accept_for_assessment")
        return lambda e: NextAction(label, episode_path.format(e.pk), False, accept_path=accept.format(e.pk))
    if tab.key in ("assessment", "dxa"):
        part = path_format("assessments:assessment_part", int, "falls" if tab.key == "assessment" else "dxa")
        if tab.key == "assessment":
            return lambda e: NextAction(label, part.format(e.pk), True)
        requested = _("requested %(date)s")
        return lambda e: NextAction(label, part.format(e.pk), True, note=requested % {"date": when(e.asked_on)})
    if tab.key in ("decision", "signoff"):
        decision = path_format("assessments:treatment_decision", int)
        if tab.key == "decision":
            return lambda e: NextAction(label, decision.format(e.pk), True)
        drafted = _("drafted %(date)s")
        return lambda e: NextAction(label, decision.format(e.pk), False, note=drafted % {"date": when(e.asked_on)})
    contact = path_format("followup:contact", int)
    kind_follow_up = _("%(kind)s follow-up")

    def follow_up_action(e):
        # The follow-up the tab is about (the first of its windows to close); none only if it changed since
        # the page's ids were chosen.
        if e.follow_up_id is None:
            return NextAction(label, episode_path.format(e.pk), False)
        return NextAction(label, contact.format(e.follow_up_id), True,
                          note=kind_follow_up % {"kind": kinds.get(e.follow_up_kind, e.follow_up_kind)})
    return follow_up_action


def tab_links(state: dict, counts: dict[str, int], current: Tab) -> list[dict]:
    return [{"tab": t, "count": counts[t.key], "current": t.key == current.key,
             "query": query(state, tab=t.key, page="", sort="", dir="")} for t in WORKLIST_TABS]


# --- The *Treatment due* tab ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class TreatmentRow:
    item: TreatmentEntry
    path: str  # the episode's page
    patient: str
    local_id: str
    site_code: str
    drug: str
    what: str  # what is due: the item's kind
    on: str  # the date it is about: the dose, the course end, the review, the stop
    late: bool  # escalated: a dose overdue, or denosumab stopped with no follow-on or one starting late
    nurse: str
    action_path: str  # the form that deals with the item (a dose given, a stop or switch, a review, the
    action: str       # follow-on drug), and its button's label; "" for an item only the episode page settles
    action_key: str


# What deals with each kind of item, from its row: (key, URL name of the course's form, the button's label).
_ACTIONS = {
    CourseItemCode.DOSE_DUE: ("record-dose", "treatment:dose_add", gettext_lazy("Record dose")),
    CourseItemCode.DOSE_OVERDUE: ("record-dose", "treatment:dose_add", gettext_lazy("Record dose")),
    CourseItemCode.COURSE_ENDING: ("stop-or-switch", "treatment:stop", gettext_lazy("Stop or switch")),
    CourseItemCode.REVIEW_DUE: ("record-review", "treatment:review", gettext_lazy("Record review")),
    CourseItemCode.DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON: ("record-follow-on", "treatment:follow_on",
                                                        gettext_lazy("Record the follow-on drug")),
    CourseItemCode.ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON: ("record-follow-on", "treatment:follow_on",
                                                       gettext_lazy("Record the follow-on drug")),
}


def treatment_rows(entries: list[TreatmentEntry]) -> list[TreatmentRow]:
    """The rows of the *Treatment due* tab, from worklists.selectors.treatment_tab_rows."""
    when = DayMonthYear()
    drugs = {value: str(label) for value, label in COURSE_DRUGS}
    codes = {value: str(label) for value, label in CourseItemCode.choices}
    episode_path = path_format("patients:episode_detail", int)
    actions = {code: (key, path_format(name, int), str(label)) for code, (key, name, label) in _ACTIONS.items()}
    rows = []
    for e in entries:
        key, action_path, action = actions.get(e.code, ("", "", ""))
        rows.append(TreatmentRow(
            item=e, path=episode_path.format(e.episode_id), patient=e.patient_name, local_id=e.local_id,
            site_code=e.site_code, drug=drugs.get(e.drug, e.drug), what=codes.get(e.code, e.code),
            on=when(e.refers_to), late=bool(e.escalate), nurse=e.nurse_name or "—",
            action_path=action_path.format(e.course_id) if action_path else "", action=action, action_key=key))
    return rows


def kind_links(state: dict, kind: str) -> list[dict]:
    """The *Treatment due* tab's filter by kind, as links that keep the page's other state: every kind first."""
    return [{"key": key, "label": str(label), "current": key == kind, "query": query(state, kind=key, page="")}
            for key, label in (("", _("All")), *((key, label) for key, (label, _codes) in TREATMENT_KINDS.items()))]


def column_links(state: dict, sort: str, descending: bool, *, window: bool = False) -> list[dict]:
    """A column's link sorts by it ascending, or descending when it is already the ascending sort."""
    links = []
    for key, label in (*COLUMNS, WINDOW_COLUMN) if window else COLUMNS:
        direction = "desc" if key == sort and not descending else ""
        links.append({"key": key, "label": label, "query": query(state, sort=key, dir=direction, page=""),
                      "arrow": ("▼" if descending else "▲") if key == sort else ""})
    return links


def page_links(state: dict, page: int, last_page: int) -> dict:
    return {"previous": query(state, page=page - 1) if page > 1 else "",
            "next": query(state, page=page + 1) if page < last_page else ""}


def filter_options(filters, sites, nurses) -> dict:
    """The filter form's choices, each marked selected or not."""
    return {
        "sites": [(site.pk, site.name, site.pk == filters.site_id) for site in sites],
        "nurses": [(str(pk), name, filters.nurse == str(pk)) for pk, name in nurses],
        "fracture_sites": [(value, label, value == filters.fracture_site) for value, label in FractureSite.choices],
    }


def treatment_sort_link(state: dict, descending: bool) -> dict:
    """The date column's link: the other direction (the escalated items stay first either way)."""
    return {"query": query(state, dir="" if descending else "desc", page=""), "arrow": "▼" if descending else "▲"}
