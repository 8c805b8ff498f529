"""The reminder scan (`followups_scan`): finds follow-ups whose window is open and those past it,
and reminds about each exactly once, with its SQL and its writer threads.

The scan is set-based and crash-safe: it works through chunks of follow-ups not yet reminded (no
Reminder row: an anti-join), each chunk written whole in one transaction (reminders, notifications,
letters) or not at all. Unique constraints make every reminder, notification and letter exist at most
once, whatever runs twice, and only the chunk that made a reminder notifies.

Then the course pass, on the same path: the treatment courses' items showing on the day with no reminder
yet (treatment.scan finds them and makes their CourseReminder rows, exactly once by its unique constraint),
chunked the same way, each chunk's reminders committed with their notifications in one transaction.
"""
import functools
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from queue import Queue
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import BooleanField, Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from fls.models import Site
from patients.models import FractureEpisode
from treatment import scan as course_scan

from ..models import ContactMethod, FollowUp, FollowUpKind, Notification, PatientReminderLetter, Reminder
from .digests import _in, digests_send, notification_writer_enter
from .notifications import _staff_by_site
from .settings import settings_for_site

DEFAULT_CHUNK_SIZE = 5000
# The course items' pass: its chunks' `kind` (progress reports and ScanResult.detail name it).
COURSE_PASS = "treatment"
_MESSAGE_MAX = Notification._meta.get_field("message").max_length


@dataclass
class ScanResult:
    due: int = 0
    overdue: int = 0
    reminders_created: int = 0
    escalated: int = 0
    # The course items outstanding on the day (showing, reminded or not), as due and overdue are for follow-ups.
    doses_due: int = 0
    doses_overdue: int = 0
    course_events: int = 0
    notifications_created: int = 0
    letters_created: int = 0
    digests_sent: int = 0
    chunks: int = 0
    detail: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """The one JSON line `scan_followups` ends with. `reminders_created` counts every kind (follow-ups' and
        course items'); `escalated` the follow-ups escalated, as before (the course items escalated are in
        detail["treatment_escalated"])."""
        return {"due": self.due, "overdue": self.overdue, "reminders_created": self.reminders_created,
                "escalated": self.escalated, "doses_due": self.doses_due, "doses_overdue": self.doses_overdue,
                "course_events": self.course_events}

    def as_dict(self) -> dict:
        return asdict(self)


@functools.lru_cache(maxsize=4096)
def _letter_date(day: date, language: str) -> str:
    return date_format(day, "j F Y")


def _render_patient_letter(follow_up: FollowUp, today: date) -> str:
    # The dates come formatted (and each distinct date formatted once): the date filter was half of the
    # render's time, and a catch-up scan renders tens of thousands of letters.
    language = translation.get_language()
    dates = {name: _letter_date(day, language) for name, day in (
        ("today", today), ("fracture_date", follow_up.episode.fracture_date),
        ("window_opens", follow_up.window_opens), ("window_closes", follow_up.window_closes))}
    return render_to_string("followup/letters/patient_reminder.html", {
        "follow_up": follow_up, "patient": follow_up.episode.patient, "site": follow_up.site, "dates": dates,
    })


def _staff_cte(name: str, pairs: list[tuple[int, int]]) -> tuple[str, list]:
    """WITH name(site_id, user_id) AS (VALUES …): who is told at which site, as a table the insert joins."""
    pairs = pairs or [(None, None)]
    return (f"{name}(site_id, user_id) AS (VALUES {', '.join(['(%s, %s)'] * len(pairs))})",
            [v for pair in pairs for v in pair])


def _message_sql(text: str) -> tuple[str, list]:
    """A notification's message for each kind of follow-up, as SQL: `text` (translated, with %(kind)s) filled
    with the kind's label ("4-week"), one whole sentence per kind."""
    whens = " ".join("WHEN %s THEN %s" for _kind in FollowUpKind.choices)
    return f"CASE f.kind {whens} END", [v for kind, label in FollowUpKind.choices
                                         for v in (kind, text % {"kind": str(label)})]


def _remind_chunk(*, kind: str, rows: list, today: date, staff: dict, result: ScanResult) -> None:
    """Write one chunk, set-based (a handful of INSERT … SELECT statements whatever its size):
    the reminders, then for the follow-ups whose reminder this chunk made, the nurses' notifications,
    the escalations and the letters. The reminder is also what puts the follow-up on its nurse's
    worklist (selectors.worklist), until it is closed.

    The reminder insert skips follow-ups already reminded (the unique constraint) and returns the ones
    it made. A chunk can hold follow-ups another scan reminded a moment ago (read before that scan
    committed, or waited for at the unique index): whatever is not new is left alone, so nothing is
    done twice, and since each chunk commits its reminders with everything else, a reminder that exists
    always has its notifications and letter."""
    is_overdue = kind == Reminder.Kind.OVERDUE
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value(today)
    fu = FollowUp._meta.db_table
    # Escalate past the window to the site's FLS lead; with no lead named, to its managers.
    escalate_to = {site_id: (people.leads or people.managers) for site_id, people in staff.items()} if is_overdue else {}
    escalating_sites = [site_id for site_id, people in escalate_to.items() if people]
    esc_sql, esc_params = _in(escalating_sites)
    ids_sql, ids_params = _in(row[0] for row in rows)
    notification_writer_enter(site_ids=list(staff))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Reminder._meta.db_table} (follow_up_id, site_id, kind, scan_date, escalated, created_at) "
            f"SELECT f.id, f.site_id, %s, %s, CASE WHEN f.site_id IN ({esc_sql}) THEN %s ELSE %s END, %s "
            f"FROM {fu} f WHERE f.id IN ({ids_sql}) ON CONFLICT DO NOTHING RETURNING follow_up_id",
            [kind, day, *esc_params, True, False, now, *ids_params],
        )
        made = {follow_up_id for (follow_up_id,) in cursor.fetchall()}
        if not made:
            return
        new_rows = [row for row in rows if row[0] in made]
        ids_sql, ids_params = _in(row[0] for row in new_rows)
        nurses_cte, nurses_params = _staff_cte(
            "site_nurse", [(site_id, u) for site_id, people in staff.items() for u in people.nurses])
        message_sql, message_params = _message_sql(
            gettext("%(kind)s follow-up overdue: its window has closed.") if is_overdue
            else gettext("%(kind)s follow-up due: its window is open."))
        # The episode's assigned nurse, or every nurse at the site when no one is assigned: the chunk's new
        # follow-ups' episodes, read by primary key.
        cursor.execute(
            f"WITH {nurses_cte} "
            f"INSERT INTO {Notification._meta.db_table} (user_id, follow_up_id, site_id, kind, message, created_at, read_at) "
            f"SELECT COALESCE(e.assigned_nurse_id, sn.user_id), f.id, f.site_id, %s, {message_sql}, %s, NULL "
            f"FROM {fu} f JOIN {FractureEpisode._meta.db_table} e ON e.id = f.episode_id "
            f"LEFT JOIN site_nurse sn ON e.assigned_nurse_id IS NULL AND sn.site_id = f.site_id "
            f"WHERE f.id IN ({ids_sql}) AND COALESCE(e.assigned_nurse_id, sn.user_id) IS NOT NULL "
            f"ON CONFLICT DO NOTHING",
            [*nurses_params, kind, *message_params, now, *ids_params],
        )
        notified = cursor.rowcount
        if escalating_sites:
            escalated_sql, escalated_params = _message_sql(
                gettext("Escalated: %(kind)s follow-up not made inside its window."))
            leads_cte, leads_params = _staff_cte(
                "site_lead", [(site_id, u) for site_id, people in escalate_to.items() for u in people])
            cursor.execute(
                f"WITH {leads_cte} INSERT INTO {Notification._meta.db_table} "
                f"(user_id, follow_up_id, site_id, kind, message, created_at, read_at) "
                f"SELECT sl.user_id, f.id, f.site_id, %s, {escalated_sql}, %s, NULL "
                f"FROM {fu} f JOIN site_lead sl ON sl.site_id = f.site_id WHERE f.id IN ({ids_sql}) "
                f"ON CONFLICT DO NOTHING",
                [*leads_params, Notification.Kind.ESCALATED, *escalated_params, now, *ids_params],
            )
            notified += cursor.rowcount
    letter_ids = [row[0] for row in new_rows if row[2] == ContactMethod.LETTER]
    if letter_ids:
        letters = [
            PatientReminderLetter(follow_up=f, kind=kind, content_html=_render_patient_letter(f, today))
            for f in FollowUp.objects.filter(id__in=letter_ids).select_related("episode__patient", "site")
        ]
        PatientReminderLetter.objects.bulk_create(letters, ignore_conflicts=True)
        result.letters_created += len(letters)
    result.reminders_created += len(made)
    result.notifications_created += notified
    result.escalated += sum(1 for row in new_rows if row[1] in escalating_sites)
    result.detail[f"{kind}_reminders"] = result.detail.get(f"{kind}_reminders", 0) + len(made)


def _remind_course_chunk(*, rows: list, today: date, staff: dict, result: ScanResult) -> None:
    """Write one chunk of course items (in the caller's transaction): their reminders (treatment.scan, which skips
    an item already reminded and returns the ones it made), then for each reminder made, the episode's nurse's
    notification (every nurse at the site when none is assigned) and, for an item to escalate, the site's FLS
    lead's (its managers when no lead is named). One notification per person and reminder (a unique
    constraint): a lead who is also the episode's nurse gets the escalated one."""
    escalate_to = {site_id: (people.leads or people.managers) for site_id, people in staff.items()}
    notification_writer_enter(site_ids=list(staff))
    made = course_scan.course_reminders_make(
        item_ids=[row[0] for row in rows], today=today,
        escalating_site_ids=[site_id for site_id, people in escalate_to.items() if people])
    if not made:
        return
    notifications: dict[tuple[int, int], Notification] = {}
    for reminder in made:
        nurses = [reminder.assigned_nurse_id] if reminder.assigned_nurse_id else staff[reminder.site_id].nurses
        told = [(user_id, Notification.Kind.TREATMENT, reminder.headline) for user_id in nurses]
        if reminder.escalated:
            escalated = gettext("Escalated: %(headline)s") % {"headline": reminder.headline}
            told += [(user_id, Notification.Kind.TREATMENT_ESCALATED, escalated)
                     for user_id in escalate_to[reminder.site_id]]
        for user_id, kind, message in told:  # the escalated one last: it wins for a lead who is the nurse
            notifications[user_id, reminder.id] = Notification(
                user_id=user_id, course_reminder_id=reminder.id, site_id=reminder.site_id, kind=kind,
                message=message[:_MESSAGE_MAX])
    # The reminders are this transaction's own, so none of these can exist yet: every one is made.
    Notification.objects.bulk_create(notifications.values(), ignore_conflicts=True)
    result.reminders_created += len(made)
    result.notifications_created += len(notifications)
    escalated = sum(1 for reminder in made if reminder.escalated)
    result.detail[f"{COURSE_PASS}_reminders"] = result.detail.get(f"{COURSE_PASS}_reminders", 0) + len(made)
    result.detail[f"{COURSE_PASS}_escalated"] = result.detail.get(f"{COURSE_PASS}_escalated", 0) + escalated


def _scheduled(site_ids):
    return FollowUp.objects.filter(status=FollowUp.Status.SCHEDULED, site_id__in=site_ids)


def _chunks(passes, chunk_size: int):
    """(kind, rows) for each chunk of each pass, in order along fu_scheduled_by_closing.

    Keyset paging: each chunk starts where the last one ended, so the scan never walks again over
    follow-ups it has just reminded (linear, not quadratic), and a chunk read ahead while the one
    before it is still being written never overlaps it. No row locks: locking the follow-ups cost more
    than a quarter of a catch-up scan (each lock writes to the follow-up's page; EXPLAIN ANALYZE,
    BENCHMARKS.md). Two scans at once (beat's and an operator's) may read the same follow-ups; the
    reminder's unique constraint then decides which one reminds each (see _remind_chunk)."""
    table = FollowUp._meta.db_table
    for kind, candidates in passes:
        after = None
        while True:
            page = candidates
            if after is not None:
                page = page.filter(RawSQL(
                    f'("{table}"."window_closes", "{table}"."id") > (%s, %s)',
                    (connection.ops.adapt_datefield_value(after[0]), after[1]), output_field=BooleanField(),
                ))
            rows = list(page.order_by("window_closes", "id")
                        .values_list("id", "site_id", "planned_method", "window_closes")[:chunk_size])
            if not rows:
                break
            yield kind, rows
            after = (rows[-1][3], rows[-1][0])


def _write_chunk(kind: str, rows: list, *, today: date, staff: dict, result: ScanResult, report) -> None:
    before = result.reminders_created
    remind = _remind_course_chunk if kind == COURSE_PASS else functools.partial(_remind_chunk, kind=kind)
    with transaction.atomic():
        remind(rows=rows, today=today, staff=staff, result=result)
    result.chunks += 1
    report(kind, result.reminders_created - before)


def _write_in_parallel(chunks, *, workers: int, **write) -> ScanResult:
    """The calling thread reads the chunks; `workers` threads, each with its own connection, write them.
    A writer that fails stops the reading; the others finish the chunk in hand and the error is raised."""
    queue, stop, errors = Queue(maxsize=2 * workers), threading.Event(), []

    def writer() -> ScanResult:
        result = ScanResult()
        try:
            while (item := queue.get()) is not None:
                if stop.is_set():
                    continue  # drain, so the reader never waits on a full queue
                try:
                    _write_chunk(*item, result=result, **write)
                except BaseException as error:  # noqa: BLE001 - handed to the calling thread below
                    errors.append(error)
                    stop.set()
            return result
        finally:
            connection.close()  # this thread's connection (Django's are per thread)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="followup-scan") as pool:
        futures = [pool.submit(writer) for _ in range(workers)]
        try:
            for item in chunks:
                if stop.is_set():
                    break
                queue.put(item)
        finally:
            for _ in futures:
                queue.put(None)
        results = [future.result() for future in futures]
    if errors:
        raise errors[0]
    total = ScanResult()
    for part in results:
        for name in ("reminders_created", "escalated", "notifications_created", "letters_created", "chunks"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        for name, n in part.detail.items():
            total.detail[name] = total.detail.get(name, 0) + n
    return total


def followups_scan(*, today: date, site_ids=None, chunk_size: int = DEFAULT_CHUNK_SIZE, progress=None,
                   send_digests: bool = True, workers: int | None = None) -> ScanResult:
    """Find follow-ups whose window is open and those past it, and the treatment courses' items showing on
    `today` (a dose due or overdue, a course ending, a review due, a stop to follow up), and remind about each
    exactly once.

    `progress(dict)` is called after each chunk is committed (the Celery task reports it); an exception
    it raises stops the scan. On PostgreSQL, `workers` connections (default settings.FOLLOWUP_SCAN_WORKERS)
    write the chunks this one reads. Safe to run twice, concurrently, or again after a crash: what was
    committed is found done, what was not is done now.
    """
    sites = Site.objects.filter(is_active=True)
    if site_ids is not None:
        sites = sites.filter(id__in=site_ids)
    site_ids = list(sites.values_list("id", flat=True))
    if not site_ids:
        return ScanResult()
    staff = _staff_by_site(site_ids)
    for site in sites:
        settings_for_site(site)  # the rows notification_writer_enter holds (committed before any chunk)
    due = _scheduled(site_ids).filter(window_opens__lte=today, window_closes__gte=today)
    overdue = _scheduled(site_ids).filter(window_closes__lt=today)
    passes = [
        (kind, candidates.filter(
            # Not reminded yet: no Reminder row of this kind (the row is the mark, made in the chunk's transaction).
            ~Exists(Reminder.objects.filter(follow_up_id=OuterRef("pk"), kind=kind))))
        for kind, candidates in ((Reminder.Kind.DUE, due), (Reminder.Kind.OVERDUE, overdue))
    ]
    lock, totals = threading.Lock(), {"chunks": 0, "reminders_created": 0}

    def report(kind: str, created: int) -> None:
        with lock:
            totals["chunks"] += 1
            totals["reminders_created"] += created
            if progress is not None:
                progress({"pass": kind, **totals})

    write = dict(today=today, staff=staff, report=report)
    workers = workers or django_settings.FOLLOWUP_SCAN_WORKERS
    chunks = itertools.chain(_chunks(passes, chunk_size), (
        (COURSE_PASS, rows)
        for rows in course_scan.item_chunks(site_ids=site_ids, today=today, chunk_size=chunk_size)))
    if workers == 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        # Other connections could not see the caller's uncommitted rows; SQLite has one writer anyway.
        result = ScanResult()
        for kind, rows in chunks:
            _write_chunk(kind, rows, result=result, **write)
    else:
        result = _write_in_parallel(chunks, workers=workers, **write)
    result.due, result.overdue = due.count(), overdue.count()
    outstanding = course_scan.outstanding_counts(site_ids=site_ids, today=today)
    result.doses_due, result.doses_overdue = outstanding["doses_due"], outstanding["doses_overdue"]
    result.course_events = outstanding["course_events"]
    if send_digests:
        result.digests_sent = digests_send(today=today, site_ids=site_ids)
    return result
