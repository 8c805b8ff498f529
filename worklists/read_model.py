"""The worklists' read model (worklists.models: WorklistEpisode, WorklistFollowUp, WorklistBloodResult,
WorklistCourseItem): how it is filled, refreshed and checked.

Each table is defined once, below, as a queryset over the clinical records: the rows it must hold. Refreshing
some episodes deletes their rows and inserts that queryset's rows for them (INSERT … SELECT, in the database: no
row travels through Python); a rebuild does the same for every episode; the check compares each table with its
queryset, both ways (EXCEPT). So what the worklists read can only ever be what the records say, and the check
proves it.

`worklist_refresh(episode_ids)` is registered with fls.read_models (worklists.apps), and every service that
changes what a worklist shows calls fls.read_models.episodes_changed(ids) in its own transaction, after its
writes. A refresh takes the rows' locks in episode order, inside the caller's transaction; the services that
call it already hold the episode's row lock.
"""
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from assessments.models import (BLOOD_REVIEW_STATES, Assessment, BloodResult, DecisionStatus, TreatmentDecision,
                                out_of_range)
from followup.models import FollowUp
from patients.models import WORKLIST_STATES, EpisodeState, FractureEpisode
from treatment.models import CourseItem

from .models import WorklistBloodResult, WorklistCourseItem, WorklistEpisode, WorklistFollowUp

# Follow-ups the worklists show: due and overdue read the scheduled ones, lost to follow-up opens the lost one.
WORKLIST_FOLLOW_UP_STATUSES = (FollowUp.Status.SCHEDULED, FollowUp.Status.LOST)

# The episodes whose course items the *Treatment due* tab shows: a treatment decided, in follow-up, and after it,
# since the course outlives the 52-week contact (issue 17); lost to follow-up too, whose doses still fall due.
# Not a patient who died, was transferred, declined or was excluded: nobody books their doses here.
TREATMENT_STATES = (EpisodeState.TREATMENT_DECIDED, EpisodeState.IN_FOLLOW_UP, EpisodeState.COMPLETED,
                    EpisodeState.LOST_TO_FOLLOW_UP)

BATCH = 5000  # episodes refreshed per statement: within every database's limit on parameters


def _decision_status():
    decision = TreatmentDecision.objects.filter(episode_id=OuterRef("pk")).annotate(
        wl_status=Case(When(signed_off_at__isnull=True, then=Value(DecisionStatus.DRAFTED)),
                       default=Value(DecisionStatus.SIGNED), output_field=CharField()))
    return Coalesce(Subquery(decision.values("wl_status")[:1]), Value(DecisionStatus.NONE), output_field=CharField())


def episode_rows(episode_ids=None) -> QuerySet:
    """WorklistEpisode's rows: the episodes in a worklist state, with their assessment's and decision's facts."""
    episodes = FractureEpisode.objects.filter(state__in=WORKLIST_STATES)
    if episode_ids is not None:
        episodes = episodes.filter(pk__in=episode_ids)
    assessment = Assessment.objects.filter(episode_id=OuterRef("pk"))
    return episodes.annotate(
        wl_id=F("pk"), wl_site_id=F("site_id"), wl_patient_id=F("patient_id"),
        wl_assigned_nurse_id=F("assigned_nurse_id"), wl_state=F("state"), wl_fracture_site=F("fracture_site"),
        wl_fracture_date=F("fracture_date"), wl_identified_on=F("identified_on"),
        wl_state_changed_at=F("state_changed_at"), wl_refracture_of_id=F("refracture_of_id"),
        wl_dxa_pending=Exists(assessment.filter(dxa_requested_on__isnull=False, dxa_performed_on__isnull=True)),
        wl_dxa_requested_on=Subquery(assessment.values("dxa_requested_on")[:1]),
        wl_decision_status=_decision_status(),
        wl_decision_drafted_at=Subquery(TreatmentDecision.objects.filter(episode_id=OuterRef("pk"))
                                        .values("drafted_at")[:1]),
    )


def follow_up_rows(episode_ids=None) -> QuerySet:
    """WorklistFollowUp's rows: the scheduled and lost follow-ups of episodes in a worklist state, with their
    episode's site, patient and nurse."""
    follow_ups = FollowUp.objects.filter(status__in=WORKLIST_FOLLOW_UP_STATUSES, episode__state__in=WORKLIST_STATES)
    if episode_ids is not None:
        follow_ups = follow_ups.filter(episode_id__in=episode_ids)
    return follow_ups.annotate(
        wl_id=F("pk"), wl_episode_id=F("episode_id"), wl_site_id=F("episode__site_id"),
        wl_patient_id=F("episode__patient_id"), wl_assigned_nurse_id=F("episode__assigned_nurse_id"),
        wl_status=F("status"), wl_kind=F("kind"), wl_window_opens=F("window_opens"),
        wl_window_closes=F("window_closes"),
    )


def blood_result_rows(episode_ids=None) -> QuerySet:
    """WorklistBloodResult's rows: out-of-range results, not entered in error, of episodes in BLOOD_REVIEW_STATES
    whose treatment decision is not signed off (the clinician reviews them before signing)."""
    signed = TreatmentDecision.objects.filter(episode_id=OuterRef("assessment__episode_id"),
                                              signed_off_at__isnull=False)
    results = BloodResult.objects.filter(out_of_range(), entered_in_error=False,
                                         assessment__episode__state__in=BLOOD_REVIEW_STATES).filter(~Exists(signed))
    if episode_ids is not None:
        results = results.filter(assessment__episode_id__in=episode_ids)
    return results.annotate(
        wl_id=F("pk"), wl_episode_id=F("assessment__episode_id"), wl_site_id=F("assessment__episode__site_id"),
        wl_recorded_at=F("recorded_at"),
    )


def course_item_rows(episode_ids=None) -> QuerySet:
    """WorklistCourseItem's rows: the course plans' items (treatment.models.CourseItem, every one, showing today or
    not: which show is decided by the day the tab is read, worklists.selectors.treatment_rule) of episodes in
    TREATMENT_STATES, with their episode's patient and nurse and their course's drug."""
    items = CourseItem.objects.filter(episode__state__in=TREATMENT_STATES)
    if episode_ids is not None:
        items = items.filter(episode_id__in=episode_ids)
    return items.annotate(
        wl_id=F("pk"), wl_site_id=F("site_id"), wl_patient_id=F("episode__patient_id"),
        wl_assigned_nurse_id=F("episode__assigned_nurse_id"), wl_episode_id=F("episode_id"),
        wl_course_id=F("course_id"), wl_drug=F("course__drug"), wl_code=F("code"), wl_refers_to=F("refers_to"),
        wl_appears_from=F("appears_from"), wl_replaced_from=F("replaced_from"), wl_escalate=F("escalate"),
    )


@dataclass(frozen=True)
class Table:
    model: type
    rows: callable  # (episode_ids or None) -> queryset annotated with wl_<column> for each column
    episode_column: str  # the column naming the row's episode

    @property
    def columns(self) -> list[str]:
        """The table's columns, its primary key (the source record's id) first."""
        meta = self.model._meta
        return [meta.pk.column, *(f.column for f in meta.concrete_fields if not f.primary_key)]

    def select(self, episode_ids=None) -> tuple[str, list]:
        """The SELECT of the rows, its columns in the table's order."""
        queryset = self.rows(episode_ids).values_list(*(f"wl_{column}" for column in self.columns))
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        selected = [alias for _, _, alias in compiler.select]
        assert selected == [f"wl_{column}" for column in self.columns], selected  # the order INSERT relies on
        return sql, list(params)

    @property
    def table(self) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    def column_list(self) -> str:
        return ", ".join(connection.ops.quote_name(column) for column in self.columns)


TABLES = (
    Table(WorklistEpisode, episode_rows, "id"),
    Table(WorklistFollowUp, follow_up_rows, "episode_id"),
    Table(WorklistBloodResult, blood_result_rows, "episode_id"),
    Table(WorklistCourseItem, course_item_rows, "episode_id"),
)


def _batches(ids, size=BATCH):
    ids = iter(sorted(set(ids)))
    while batch := list(islice(ids, size)):
        yield batch


def worklist_refresh(episode_ids) -> None:
    """Make the read model's rows of `episode_ids` what the records say, in the caller's transaction."""
    # No savepoint of its own: it runs inside the caller's transaction (one is opened if there is none).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for batch in _batches(episode_ids):
            marks = ", ".join(["%s"] * len(batch))
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table.table} WHERE {connection.ops.quote_name(table.episode_column)} "
                               f"IN ({marks})", batch)
                sql, params = table.select(batch)
                cursor.execute(f"INSERT INTO {table.table} ({table.column_list()}) {sql}", params)


def worklist_rebuild(models: tuple[str, ...] | None = None) -> dict[str, int]:
    """Rebuild every table of the read model from the records (or those of `models`, by model name: a migration
    fills only the tables that exist at its step, since a later table may not yet): what `rebuild_worklist` runs.
    Returns the rows each table now holds."""
    counts = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for table in TABLES:
            if models is not None and table.model.__name__ not in models:
                continue
            cursor.execute(f"DELETE FROM {table.table}")
            sql, params = table.select()
            cursor.execute(f"INSERT INTO {table.table} ({table.column_list()}) {sql}", params)
            counts[table.model._meta.db_table] = cursor.rowcount
    return counts


@dataclass(frozen=True)
class Difference:
    table: str
    problem: str  # "stale or extra" (in the read model, not in the records' rows) or "missing"
    row: tuple


def worklist_differences(limit: int = 20) -> list[Difference]:
    """Rows where the read model and the records disagree, both ways (at most `limit` of each kind per table):
    empty when the read model equals a rebuild. What `check_worklist` and the test suite's check run."""
    found = []
    with connection.cursor() as cursor:
        for table in TABLES:
            sql, params = table.select()
            stored = f"SELECT {table.column_list()} FROM {table.table}"
            for problem, query, query_params in (
                    ("stale or extra", f"{stored} EXCEPT SELECT * FROM ({sql}) AS wanted", params),
                    ("missing", f"SELECT * FROM ({sql}) AS wanted EXCEPT {stored}", params)):
                cursor.execute(f"SELECT * FROM ({query}) AS differing LIMIT {int(limit)}", query_params)
                found += [Difference(table.model._meta.db_table, problem, row) for row in cursor.fetchall()]
    return found
