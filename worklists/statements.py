"""The nurse worklist's two statements, its counts and its page of rows, written out in SQL over the worklists'
read model (worklists.models: WorklistEpisode `e`, WorklistFollowUp `f`/`u`, WorklistCourseItem `c`;
worklists.read_model keeps them).

Why not the ORM here, as everywhere else: the page is the busiest in the app, and these statements meet its
targets (p95 under 50 ms, within 3x its SQL) where the ORM's did not. Measured on 2026-12-05 over the read model
(BENCHMARKS.md, "Raw SQL only where it pays"), the same reads written as querysets took 48-93 ms p95 against
32-51 ms for these, on the same data, back to back: the ORM writes the name search as one OR (a bitmap of four
indexes) where this is a UNION of four index reads, and counts the follow-up tabs in a second statement; the
searched tabs cost most (64-93 ms against 40-51). So the statements are written here, once, from the same rules
the rest of the app reads as querysets: worklists.selectors.EPISODE_TABS and window_rules define each tab, and
tab_condition turns them into a Q; tests/worklists/test_statements_match_the_rules.py checks the two against each other on
varied data. Everything variable is a parameter; only names from the models' _meta and fixed SQL are formatted
in. Portable to SQLite (the embedded default): the LIKE and UPPER forms come from the connection's own
operators, as the ORM's would.
"""
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection

from fls.models import Site, User
from fls.sql import Where, column as sql_column, table as _table
from followup.models import FollowUp
from patients.kana import has_kana, normalise as normalise_search
from patients.models import EpisodeState, FractureEpisode, Patient

from .models import WorklistCourseItem, WorklistEpisode, WorklistFollowUp


# Each statement says what it is, for pg_stat_statements, the slow-query log and bench/worklists.py.
COUNTS_LABEL = "/* nurse worklist: counts */"
ROWS_LABEL = "/* nurse worklist: rows */"


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a tab, as the statement returns it (worklists.presenters makes the cells)."""
    pk: int
    fracture_date: date
    fracture_site: str
    identified_on: date
    state_changed_at: datetime | None
    refracture_of_id: int | None
    family_name: str
    given_name: str
    local_id: str
    site_code: str
    nurse_first_name: str | None
    nurse_last_name: str | None
    nurse_username: str | None
    asked_on: date | datetime | None  # dxa: when the DXA was requested; signoff: when the decision was drafted
    follow_up_id: int | None
    follow_up_closes: date | None
    follow_up_kind: str | None

    @property
    def patient_name(self) -> str:
        return Patient.display_name(self.family_name, self.given_name)

    @property
    def nurse_name(self) -> str | None:
        if self.nurse_username is None:
            return None
        return User.display_name(self.nurse_first_name, self.nurse_last_name, self.nurse_username)


def _patients_matching(site_ids: list[int], word: str) -> tuple[str, list]:
    """The ids of the sites' patients whose surname or given name starts with `word`, or whose hospital or
    national number it is. A union, so each test reads its own index alone (patients migration 0003: site
    first, covering the id, on UPPER of the names on PostgreSQL): the same SQL the ORM writes for
    istartswith and iexact on this database."""
    ops, operators = connection.ops, connection.operators
    starts = ops.prep_for_like_query(word) + "%"
    exact = ops.prep_for_iexact_query(word)
    sites = ", ".join(["%s"] * len(site_ids))
    parts, params = [], []
    tests = [("family_name", "istartswith", starts), ("given_name", "istartswith", starts),
             ("local_id", "iexact", exact), ("national_id", "exact", word)]
    if has_kana(word):
        # A kana word also finds the names' readings (フリガナ), from their own indexes (patients 0011).
        tests += [("family_name_kana", "istartswith", starts), ("given_name_kana", "istartswith", starts)]
    for column, operator, value in tests:
        lhs = ops.lookup_cast(operator, "CharField") % sql_column("p", column)
        rhs = operators[operator] % "%s"
        parts.append(f"SELECT p.id FROM {_table(Patient)} p WHERE p.site_id IN ({sites}) AND {lhs} {rhs}")
        params.extend([*site_ids, value])
    return " UNION ".join(parts), params


def filters_where(alias: str, *, site_ids, filters, user, episode_alias: str | None) -> Where:
    """The filters on `alias`: episodes, or follow-ups (which carry the episode's site, patient and nurse). The
    fracture site and dates are the episode's alone: tested on `episode_alias` (None when `alias` is it)."""
    w = Where().is_in(f"{alias}.site_id", site_ids)
    if filters.site_id:
        w.add(f"{alias}.site_id = %s", filters.site_id)
    if filters.nurse == "mine":
        w.add(f"{alias}.assigned_nurse_id = %s", user.pk)
    elif filters.nurse == "none":
        w.add(f"{alias}.assigned_nurse_id IS NULL")
    elif filters.nurse.isdigit():
        w.add(f"{alias}.assigned_nurse_id = %s", int(filters.nurse))
    for word in normalise_search(filters.q).split()[:4]:
        sql, params = _patients_matching(site_ids, word)
        w.add(f"{alias}.patient_id IN ({sql})", *params)
    e = episode_alias or alias
    if filters.fracture_site:
        w.add(f"{e}.fracture_site = %s", filters.fracture_site)
    if filters.identified_from:
        w.add(f"{e}.identified_on >= %s", filters.identified_from)
    if filters.identified_to:
        w.add(f"{e}.identified_on <= %s", filters.identified_to)
    return w


def window_bounds(alias: str, window: dict) -> Where:
    """A window rule's bounds (worklists.selectors.window_rules) on follow-ups `alias`."""
    w = Where()
    for column, (operator, day) in window.items():
        w.add(f"{sql_column(alias, column)} {operator} %s", day)
    return w


def window_where(alias: str, window: dict) -> Where:
    """A window rule on follow-ups `alias`: scheduled, and within its bounds."""
    return Where().add(f"{alias}.status = %s", FollowUp.Status.SCHEDULED).extend(window_bounds(alias, window))


def _scheduled_follow_ups(*, site_ids, filters, user) -> tuple[str, Where]:
    """FROM … and WHERE of the follow-ups the filters select; their episode joined only for a filter it
    alone holds (and then it must be in follow-up, as a scheduled follow-up's always is)."""
    source = f"{_table(WorklistFollowUp)} f"
    w = filters_where("f", site_ids=site_ids, filters=filters, user=user,
                      episode_alias="e" if filters.on_episode_only else "f")
    if filters.on_episode_only:
        source += f" JOIN {_table(WorklistEpisode)} e ON e.id = f.episode_id"
        w.add("e.state = %s", EpisodeState.IN_FOLLOW_UP)
    return source, w


def treatment_items(*, site_ids, filters, user, today: date, codes) -> tuple[str, Where]:
    """FROM … and WHERE of the *Treatment due* tab's items (WorklistCourseItem `c`): the filters', showing on
    `today` (treatment.models.CourseItem.shows_on: appeared by today, not yet replaced), of `codes`. Their
    episode is joined only for a filter it alone holds (fracture site, dates)."""
    source = f"{_table(WorklistCourseItem)} c"
    w = filters_where("c", site_ids=site_ids, filters=filters, user=user,
                      episode_alias="e" if filters.on_episode_only else "c")
    if filters.on_episode_only:
        source += f" JOIN {_table(FractureEpisode)} e ON e.id = c.episode_id"
    w.add("c.appears_from <= %s", today).add("(c.replaced_from IS NULL OR c.replaced_from > %s)", today)
    return source, w.is_in("c.code", codes)


def counts(*, site_ids, filters, user, episode_tabs: dict, counted_states, windows: dict,
           treatment: tuple[str, Where]) -> dict[str, int]:
    """Every tab's number in ONE statement: a FILTER clause per episode tab over the episodes (an index-only
    scan of episode_worklist), beside due and overdue counted from the scheduled follow-ups (fu_scheduled_by_
    opening): an overdue window closed before today, so it opened before the week's end too, and both tabs
    lie in one range of window_opens; and beside them the *Treatment due* tab's items (`treatment`, from
    treatment_items: one range of wl_course_items_showing), the same FROM and WHERE its rows read."""
    ep = filters_where("e", site_ids=site_ids, filters=filters, user=user, episode_alias=None)
    ep.is_in("e.state", counted_states)
    columns, params = [], []
    for rule in episode_tabs.values():
        cond = Where().rule("e", rule)
        columns.append(f"COUNT(*) FILTER (WHERE {cond.sql})")
        params.extend(cond.params)
    fu_columns, fu_params = [], []
    for window in windows.values():
        cond = window_bounds("f", window)
        fu_columns.append(f"COUNT(DISTINCT f.episode_id) FILTER (WHERE {cond.sql})")
        fu_params.extend(cond.params)
    source, fu = _scheduled_follow_ups(site_ids=site_ids, filters=filters, user=user)
    fu.add("f.status = %s", FollowUp.Status.SCHEDULED)
    # The one range both tabs lie in: every window on them opened by the latest opening any of them allows.
    fu.add("f.window_opens <= %s", max(w["window_opens"][1] for w in windows.values() if "window_opens" in w))
    treatment_source, tw = treatment
    sql = (f"{COUNTS_LABEL} SELECT * FROM (SELECT {', '.join(columns)} FROM {_table(WorklistEpisode)} e WHERE {ep.sql}) AS episodes"
           f" CROSS JOIN (SELECT {', '.join(fu_columns)} FROM {source} WHERE {fu.sql}) AS follow_ups"
           f" CROSS JOIN (SELECT COUNT(*) FROM {treatment_source} WHERE {tw.sql}) AS treatment")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ep.params, *fu_params, *fu.params, *tw.params])
        row = cursor.fetchone()
    return dict(zip([*episode_tabs, *windows, "treatment"], row))


# Sortable columns: URL name → what the page's ids are ordered by, and the join that needs (a: the
# episodes of the page, alias e in the outer statement). Ties are broken by id, so pages never overlap.
SORT_COLUMNS = {
    "patient": (("p.family_name", "p.given_name"), "patient"),
    "site": (("s.code",), "site"),
    "fracture": (("e.fracture_site",), None),
    "fractured": (("e.fracture_date",), None),
    "identified": (("e.identified_on",), None),
    "nurse": (("n.last_name",), "nurse"),
    "state_changed": (("e.state_changed_at",), None),
}
_JOINS = {
    "patient": "JOIN {patients} p ON p.id = e.patient_id",
    "site": "JOIN {sites} s ON s.id = e.site_id",
    "nurse": "LEFT JOIN {users} n ON n.id = e.assigned_nurse_id",
}


def _joins(*names) -> str:
    tables = {"patients": _table(Patient), "sites": _table(Site), "users": _table(User)}
    return " ".join(_JOINS[name].format(**tables) for name in names if name)


def rows(*, site_ids, filters, user, rule: dict, window: dict | None, sort: str, descending: bool,
         offset: int, limit: int, asked_on: str | None, follow_up_status: str | None) -> list[Entry]:
    """One page of a tab, in one statement. The page's ids are chosen first, from the episodes alone (and what
    the sort needs: a tab of wide rows joined first would be sorted whole to keep 25), or for the window sort
    from the tab's follow-ups grouped by episode; only those rows are joined to their patient, site and nurse.

    `rule`: the episode's columns (EPISODE_TABS); `window`: due and overdue's window (window_rules), tested on
    the episode's scheduled follow-ups; `asked_on`: the column of WorklistEpisode whose date the next action
    shows; `follow_up_status`: the status of the follow-up a row's action opens, the first of the tab's to
    close."""
    direction = "DESC" if descending else "ASC"
    if sort == "window":
        source, w = _scheduled_follow_ups(site_ids=site_ids, filters=filters, user=user)
        w.extend(window_where("f", window))
        page_sql = (f"SELECT f.episode_id AS id FROM {source} WHERE {w.sql} GROUP BY f.episode_id "
                    f"ORDER BY MIN(f.window_closes) {direction}, f.episode_id {direction} LIMIT %s OFFSET %s")
        order = f"follow_up_closes {direction}, e.id {direction}"
    else:
        columns, join = SORT_COLUMNS[sort]
        w = filters_where("e", site_ids=site_ids, filters=filters, user=user, episode_alias=None).rule("e", rule)
        if window:
            on_tab = window_where("u", window)
            w.add(f"EXISTS (SELECT 1 FROM {_table(WorklistFollowUp)} u WHERE u.episode_id = e.id AND u.site_id = e.site_id "
                  f"AND {on_tab.sql})", *on_tab.params)
        order = ", ".join(f"{c} {direction} NULLS LAST" for c in columns) + f", e.id {direction}"
        page_sql = (f"SELECT e.id FROM {_table(WorklistEpisode)} e {_joins(join)} WHERE {w.sql} "
                    f"ORDER BY {order} LIMIT %s OFFSET %s")
    asked = sql_column("e", asked_on) if asked_on else "NULL"
    follow_up_columns, follow_up_params = "NULL, NULL, NULL", []
    if follow_up_status:
        pick = Where().add("u.episode_id = e.id").add("u.site_id = e.site_id")
        if window:
            pick.extend(window_where("u", window))
        else:
            pick.add("u.status = %s", follow_up_status)
        first = f"FROM {_table(WorklistFollowUp)} u WHERE {pick.sql} ORDER BY u.window_closes, u.id LIMIT 1"
        follow_up_columns = ", ".join(f"(SELECT u.{column} {first}) AS follow_up_{name}"
                                      for column, name in (("id", "id"), ("window_closes", "closes"), ("kind", "kind")))
        follow_up_params = pick.params * 3
    sql = (f"{ROWS_LABEL} SELECT e.id, e.fracture_date, e.fracture_site, e.identified_on, e.state_changed_at, e.refracture_of_id, "
           f"p.family_name, p.given_name, p.local_id, s.code AS site_code, n.first_name AS nurse_first_name, "
           f"n.last_name AS nurse_last_name, n.username AS nurse_username, {asked} AS asked_on, {follow_up_columns} "
           f"FROM ({page_sql}) AS page JOIN {_table(WorklistEpisode)} e ON e.id = page.id "
           f"{_joins('patient', 'site', 'nurse')} ORDER BY {order}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*follow_up_params, *w.params, limit, offset])
        return [Entry(*row) for row in cursor.fetchall()]


@dataclass(frozen=True, slots=True)
class TreatmentEntry:
    """One row of the *Treatment due* tab: a course item showing today, as the statement returns it."""
    pk: int  # the course item's
    course_id: int
    episode_id: int
    drug: str
    code: str
    refers_to: date
    escalate: bool
    family_name: str
    given_name: str
    local_id: str
    site_code: str
    nurse_first_name: str | None
    nurse_last_name: str | None
    nurse_username: str | None

    @property
    def patient_name(self) -> str:
        return Patient.display_name(self.family_name, self.given_name)

    @property
    def nurse_name(self) -> str | None:
        if self.nurse_username is None:
            return None
        return User.display_name(self.nurse_first_name, self.nurse_last_name, self.nurse_username)


def treatment_rows(*, treatment: tuple[str, Where], descending: bool, offset: int, limit: int) -> list[TreatmentEntry]:
    """One page of the *Treatment due* tab, in one statement: the escalated items first (a dose overdue, denosumab
    stopped with no follow-on or one starting late: the site's lead hears of them too), then by the date each is
    about, earliest first (`descending`: latest first). The page's ids are chosen from the read model alone (the
    same FROM and WHERE as its count, treatment_items), then only those rows joined to their patient, site and
    nurse."""
    direction = "DESC" if descending else "ASC"
    source, w = treatment
    order = f"c.escalate DESC, c.refers_to {direction}, c.id {direction}"
    page_sql = f"SELECT c.id FROM {source} WHERE {w.sql} ORDER BY {order} LIMIT %s OFFSET %s"
    sql = (f"{ROWS_LABEL} SELECT c.id, c.course_id, c.episode_id, c.drug, c.code, c.refers_to, c.escalate, "
           f"p.family_name, p.given_name, p.local_id, s.code AS site_code, n.first_name AS nurse_first_name, "
           f"n.last_name AS nurse_last_name, n.username AS nurse_username "
           f"FROM ({page_sql}) AS page JOIN {_table(WorklistCourseItem)} c ON c.id = page.id "
           f"JOIN {_table(Patient)} p ON p.id = c.patient_id JOIN {_table(Site)} s ON s.id = c.site_id "
           f"LEFT JOIN {_table(User)} n ON n.id = c.assigned_nurse_id ORDER BY {order}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*w.params, limit, offset])
        return [TreatmentEntry(*row) for row in cursor.fetchall()]
