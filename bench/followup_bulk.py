"""Synthetic follow-ups in bulk, for the benchmark (bench/followup_scan.py) and the reliability tests.
Benchmark code, not the app's: it lives in bench/ and no app imports it.

PostgreSQL only: patients, episodes and follow-ups are made by INSERT … SELECT over generate_series,
millions of rows in seconds, which going through the services (a dozen queries an episode) never
could. Synthetic data only (names "Bench000123"); never load real patients into a bench database.
"""
from datetime import date, timedelta

from django.db import connection, transaction

from patients.models import EpisodeState, FractureEpisode, Patient

from followup.models import FollowUp, FollowUpSettings, Reminder
from followup.services import ON_HOLD_NOTE, lost_note

# (kind, opens, due, closes) in weeks from the fracture: the defaults of FollowUpSettings.
DEFAULT_WINDOWS = (("week_4", 3, 4, 6), ("week_12", 12, 12, 16), ("week_52", 48, 52, 56))


def create_follow_ups(*, site_id: int, nurse_ids: list[int], episodes: int, today: date, spread_days: int = 730,
                      closed_share: float = 0.9, reminded: bool = False, prefix: str = "B") -> int:
    """Make `episodes` patients, each with an episode in follow-up and its three follow-ups (so 3 ×
    `episodes` follow-ups), fractures spread over the `spread_days` before `today`.

    Follow-ups whose window closed more than 30 days ago are mostly closed (`closed_share`: made, or lost);
    the rest are still scheduled, so a scan finds both due and overdue ones. A follow-up is lost only as
    followup.services leaves one (contact_record, episode_left_pathway): one episode in twenty of those
    closed is lost to follow-up, its last closed follow-up lost after the default number of unanswered
    attempts, those before it made and those after it on hold. With `reminded`, every scheduled follow-up
    already due or overdue yesterday has its reminder, as after a daily scan.
    Every tenth patient has no phone, so is followed up by letter. Returns the number of follow-ups made.
    """
    if connection.vendor != "postgresql":
        raise RuntimeError("bench.followup_bulk needs PostgreSQL (it uses generate_series).")
    nurses = _nurses_array(nurse_ids)
    windows = ", ".join(f"('{k}', {o}, {d}, {c})" for k, o, d, c in DEFAULT_WINDOWS)
    closed_mod = int(round(closed_share * 20))
    # The closing week of the episode's last window that closed more than 30 days ago (NULL if none has).
    last_closed = "CASE " + " ".join(
        f"WHEN e.fracture_date + 7 * {c} < %(today)s::date - 30 THEN {c}"
        for _kind, _o, _d, c in sorted(DEFAULT_WINDOWS, key=lambda window: window[3], reverse=True)
    ) + " END"
    attempts = FollowUpSettings._meta.get_field("failed_attempt_limit").default
    params = {"site": site_id, "n": episodes, "today": today, "spread": spread_days, "prefix": prefix,
              "attempts": attempts, "lost_note": lost_note(attempts),
              "on_hold_note": ON_HOLD_NOTE}
    with transaction.atomic(), connection.cursor() as cursor:
        first_patient = _patients_with_episodes(cursor, nurses=nurses, params=params)
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM " + FollowUp._meta.db_table)
        first_follow_up = cursor.fetchone()[0]
        cursor.execute(f"""
            INSERT INTO {FollowUp._meta.db_table} (episode_id, site_id, kind, anchor,
                anchor_date, opens_week, due_week, closes_week, window_opens, due_on, window_closes, planned_method,
                status, status_note, failed_attempts, outcome, closed_at, created_at, version)
            SELECT w.episode_id, w.site_id, w.kind, 'fracture', w.fracture_date, w.o, w.d, w.c, w.opens, w.due, w.closes,
                   w.method, w.status,
                   CASE w.status WHEN 'lost' THEN %(lost_note)s WHEN 'on_hold' THEN %(on_hold_note)s ELSE '' END,
                   CASE WHEN w.status = 'lost' THEN %(attempts)s ELSE 0 END,
                   CASE WHEN w.status = 'completed' THEN 'as_prescribed' ELSE '' END,
                   -- On hold is not closed: episode_left_pathway leaves closed_at as it was.
                   CASE WHEN w.status IN ('scheduled', 'on_hold') THEN NULL ELSE now() END, now(), 1
            FROM (
                SELECT v.*,
                       CASE WHEN v.lost_episode AND v.last_closed IS NOT NULL
                            -- Those before the lost one were made; those after it wait on hold.
                            THEN CASE WHEN v.c < v.last_closed THEN 'completed'
                                      WHEN v.c = v.last_closed THEN 'lost' ELSE 'on_hold' END
                            WHEN v.closes < %(today)s::date - 30 AND (v.episode_id %% 20) < {closed_mod} THEN 'completed'
                            ELSE 'scheduled' END AS status
                FROM (
                    SELECT e.id AS episode_id, e.site_id, e.patient_id, e.assigned_nurse_id, e.fracture_date, k.kind,
                           k.o, k.d, k.c,
                           e.fracture_date + 7 * k.o AS opens, e.fracture_date + 7 * k.d AS due,
                           e.fracture_date + 7 * k.c AS closes,
                           CASE WHEN p.phone = '' THEN 'letter' ELSE 'phone' END AS method,
                           e.id %% 20 = 0 AND 0 < {closed_mod} AS lost_episode,
                           {last_closed} AS last_closed
                    FROM {FractureEpisode._meta.db_table} e
                    JOIN {Patient._meta.db_table} p ON p.id = e.patient_id
                    CROSS JOIN (VALUES {windows}) AS k(kind, o, d, c)
                    WHERE p.id > {int(first_patient)} AND e.site_id = %(site)s
                ) v
            ) w
        """, params)
        made = cursor.rowcount
        # The episode of a lost follow-up is lost to follow-up (pathway.mark_lost_to_follow_up), which is all the
        # nurse worklist's "lost" tab reads.
        cursor.execute(f"""
            UPDATE {FractureEpisode._meta.db_table} e SET state = %(lost_state)s
            WHERE e.id IN (SELECT f.episode_id FROM {FollowUp._meta.db_table} f
                           WHERE f.id > {int(first_follow_up)} AND f.status = 'lost')
        """, {"lost_state": EpisodeState.LOST_TO_FOLLOW_UP})
        if reminded:
            # Yesterday's scan: the reminder of each follow-up already due, or already overdue, yesterday.
            cursor.execute(f"""
                INSERT INTO {Reminder._meta.db_table} (follow_up_id, site_id, kind, scan_date, escalated, created_at)
                SELECT f.id, f.site_id, CASE WHEN f.window_closes < %(today)s::date - 1 THEN 'overdue' ELSE 'due' END,
                       %(today)s::date - 1, false, now()
                FROM {FollowUp._meta.db_table} f
                WHERE f.id > {int(first_follow_up)} AND f.status = 'scheduled' AND f.window_opens < %(today)s::date
            """, params)
    # Loaded without the services: the worklists' read model is rebuilt from what was loaded, as they would
    # have kept it.
    from worklists.models import WorklistEpisode, WorklistFollowUp
    from worklists.read_model import worklist_rebuild

    worklist_rebuild()
    with connection.cursor() as cursor:
        for model in (Patient, FractureEpisode, FollowUp, Reminder, WorklistEpisode, WorklistFollowUp):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return made


# The drugs of the bench's courses, in turn: denosumab most (its doses are due and overdue), one of each other rule.
COURSE_DRUGS = ("denosumab", "denosumab", "zoledronic_acid", "denosumab", "teriparatide", "alendronate")


def create_courses(*, site_id: int, nurse_ids: list[int], courses: int, today: date, prefix: str = "C") -> int:
    """Make `courses` patients, each with an episode in follow-up (no follow-ups) and one treatment course with its
    doses and its plan's CourseItem rows (treatment.course_plan, as the services keep them), started a month after
    fractures spread over the two years before `today`. Doses given in clinic are given on time up to a lag of 0,
    2, 4 or 6 months before `today` (so some are due, some overdue); one denosumab course in ten was stopped with
    no follow-on drug. No history rows and no decisions: the scan reads neither. Returns the number of courses."""
    from assessments import thresholds as T
    from treatment import course_plan as plans
    from treatment.models import CourseItem, DoseGiven, TreatmentCourse

    if connection.vendor != "postgresql":
        raise RuntimeError("bench.followup_bulk needs PostgreSQL (it uses generate_series).")
    params = {"site": site_id, "n": courses, "today": today, "spread": 730, "prefix": prefix}
    with transaction.atomic():
        with connection.cursor() as cursor:
            first_patient = _patients_with_episodes(cursor, nurses=_nurses_array(nurse_ids), params=params)
        episodes = list(FractureEpisode.objects.filter(patient_id__gt=first_patient, site_id=site_id)
                        .order_by("id").values_list("id", "fracture_date"))
        recorded_by = nurse_ids[0] if nurse_ids else None
        rows = []
        for n, (episode_id, fracture_date) in enumerate(episodes):
            drug = COURSE_DRUGS[n % len(COURSE_DRUGS)]
            usual = T.REGIMENS[drug]
            start = min(fracture_date + timedelta(days=30), today)
            doses, lag = [], timedelta(days=61 * (n % 4))
            if plans.COURSE_RULES[drug].per_dose:
                day = start
                while day <= today - lag:
                    doses.append(day)
                    day = plans.dose_after(day, usual.interval)
            stop = None
            if drug == "denosumab" and n % 10 == 9 and doses:
                stop = plans.Stop(on=doses[-1])
            plan = plans.course_plan(drug=drug, start=start, today=today, interval=usual.interval,
                                     duration_months=usual.duration_months, doses=doses, stop=stop)
            course = TreatmentCourse(
                episode_id=episode_id, site_id=site_id, drug=drug, dose=usual.dose, route=usual.route,
                interval=usual.interval, duration_months=usual.duration_months, starts_on=start,
                status="stopped" if stop else "active", stopped_on=stop.on if stop else None,
                stop_reason="patient_choice" if stop else "", stop_note="Bench" if stop else "")
            rows.append((course, doses if recorded_by else [], plans.item_rows(plan)))
        TreatmentCourse.objects.bulk_create([course for course, _doses, _items in rows], batch_size=2000)
        DoseGiven.objects.bulk_create([
            DoseGiven(course=course, given_on=day, place="fls_clinic", recorded_by_id=recorded_by)
            for course, doses, _items in rows for day in doses], batch_size=5000)
        CourseItem.objects.bulk_create([
            CourseItem(course=course, site_id=site_id, episode_id=course.episode_id, **item)
            for course, _doses, items in rows for item in items], batch_size=5000)
    from worklists.read_model import worklist_rebuild

    worklist_rebuild()
    with connection.cursor() as cursor:
        for model in (Patient, FractureEpisode, TreatmentCourse, DoseGiven, CourseItem):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return len(rows)


def _nurses_array(nurse_ids) -> str:
    return "ARRAY[" + ",".join(str(int(n)) for n in nurse_ids) + "]::bigint[]" if nurse_ids else "ARRAY[]::bigint[]"


def _patients_with_episodes(cursor, *, nurses: str, params: dict) -> int:
    """`params["n"]` synthetic patients at `params["site"]`, each with an episode in follow-up, fractures spread over
    the `params["spread"]` days before `params["today"]`. Returns the highest patient id before them."""
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM " + Patient._meta.db_table)
    first_patient = cursor.fetchone()[0]
    cursor.execute(f"""
        INSERT INTO {Patient._meta.db_table} (site_id, local_id, national_id, family_name, given_name,
            date_of_birth, sex, postcode, phone, gp_practice_name, gp_practice_code, gp_practice_contact,
            residence, created_at, version)
        SELECT %(site)s, %(prefix)s || lpad(g::text, 8, '0'), '', 'Bench' || lpad(g::text, 8, '0'), 'Pat',
               date '1940-01-01' + (g %% 7000), 'female', '', CASE WHEN g %% 10 = 0 THEN '' ELSE '01234 567890' END,
               '', '', '', 'own_home', now(), 1
        FROM generate_series(1, %(n)s) g
    """, params)
    cursor.execute(f"""
        INSERT INTO {FractureEpisode._meta.db_table} (patient_id, site_id, fracture_date, fracture_site, side,
            mechanism, identified_on, source, assigned_nurse_id, previous_fracture_count, previous_fractures_note,
            state, state_changed_at, excluded_reason, eligibility_override_reason, created_at, version)
        SELECT p.id, p.site_id, %(today)s::date - ((p.id * 7919) %% %(spread)s)::int, 'wrist', 'left', 'low',
               %(today)s::date - ((p.id * 7919) %% %(spread)s)::int, 'ed',
               CASE WHEN p.id %% 5 = 0 OR cardinality({nurses}) = 0 THEN NULL
                    ELSE ({nurses})[1 + (p.id %% GREATEST(cardinality({nurses}), 1))] END,
               0, '', 'in_follow_up', now(), '', '', now(), 1
        FROM {Patient._meta.db_table} p WHERE p.id > {int(first_patient)} AND p.site_id = %(site)s
    """, params)
    return int(first_patient)
