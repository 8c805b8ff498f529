"""Load N synthetic fracture episodes, with their patients, opening events, assessments, blood results,
treatment decisions, follow-ups and treatment courses (doses given, reviews, stops and the course plans' items),
straight into PostgreSQL with COPY. Shared by the worklist and KPI benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fls_bench python bench/generate_episodes.py \
        --episodes 1000000 --sites 10 --seed 1

Importable: `generate(episodes=…, sites=…, seed=…, today=…)` returns a summary dict. The database must be
migrated already (the CLI runs `migrate` first). Sites are named BENCH1…BENCHk, each with a nurse
(bench_nurse_<k>) and a clinician (bench_clinician_<k>); running it again adds N more episodes.
COPY calls no service, so the decision's copy of the episode's site is written here, and the worklists' read
model is rebuilt from the loaded records at the end (worklists.read_model.worklist_rebuild), as the services
would have kept it.
Synthetic data only: no real patient is ever loaded.
"""
import argparse
import io
import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone as dt_timezone

# Realistic shares of episode states in a deployment some years old: most episodes are finished.
STATE_SHARES = [
    ("identified", 0.02), ("awaiting_assessment", 0.05), ("assessed", 0.03), ("treatment_decided", 0.02),
    ("in_follow_up", 0.25), ("completed", 0.48), ("excluded", 0.06), ("declined", 0.03), ("died", 0.03),
    ("lost_to_follow_up", 0.03),
]
# How far back an episode in each state was identified (days): early steps are recent.
IDENTIFIED_AGO = {
    "identified": (0, 30), "awaiting_assessment": (5, 120), "assessed": (20, 160), "treatment_decided": (30, 200),
    "in_follow_up": (30, 420), "completed": (380, 1800), "excluded": (0, 1800), "declined": (0, 1800),
    "died": (0, 1800), "lost_to_follow_up": (120, 1800),
}
FRACTURE_SITES = [("hip", 0.3), ("wrist", 0.25), ("vertebra", 0.15), ("humerus", 0.12), ("pelvis", 0.06),
                  ("ankle", 0.07), ("other", 0.05)]
FAMILY = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
          "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Khan",
          "Clarke", "Lewis", "Okafor", "Nowak", "Murphy", "Kelly", "Singh", "Ali", "Hughes"]
GIVEN = ["Mary", "Margaret", "Patricia", "Joan", "Susan", "Elizabeth", "Jean", "Anne", "Dorothy", "Barbara",
         "John", "David", "Peter", "Michael", "Brian", "Alan", "Irene", "Sheila", "Eileen", "Pauline"]
# FLS-DB follow-up windows (weeks after the fracture): opens, due, closes.
WINDOWS = {"week_4": (3, 4, 6), "week_12": (12, 12, 16), "week_52": (48, 52, 56)}
# The drug each decision recommends (its own random stream, so the episodes of a seed are the same as before):
# mostly oral bisphosphonates, a sixth each zoledronic acid and denosumab, a few anabolic courses.
DRUG_SHARES = [("alendronate", 0.50), ("risedronate", 0.06), ("ibandronate", 0.02), ("zoledronic_acid", 0.16),
               ("denosumab", 0.16), ("teriparatide", 0.05), ("romosozumab", 0.03), ("abaloparatide", 0.01),
               ("raloxifene", 0.01)]
# Blood results for secondary causes: test, unit, the laboratory's range, the usual spread of values, and how
# often the test is sent with an assessment. Values are drawn around the range, so some fall outside it.
BLOOD_TESTS = [
    ("calcium", "mmol/L", "2.20", "2.60", (2.40, 0.12), 1.0),
    ("vitamin_d", "nmol/L", "50", "175", (62, 25), 1.0),
    ("egfr", "mL/min/1.73m²", "60", "120", (72, 18), 0.4),
    ("alp", "U/L", "30", "130", (90, 30), 0.3),
]


def _setup_django():
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fls.settings")
    import django

    django.setup()


def _pick(rng, shares):
    x, acc = rng.random(), 0.0
    for value, share in shares:
        acc += share
        if x < acc:
            return value
    return shares[-1][0]


class _Table:
    """Rows for one model, written as COPY text with every concrete column (defaults filled in)."""

    def __init__(self, model, now):
        from django.db.models import NOT_PROVIDED

        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = ["id"] + [f.column for f in self.fields]
        self.template = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value = now
            elif f.default is not NOT_PROVIDED:
                value = f.default() if callable(f.default) else f.default
            elif f.null:
                value = None
            else:
                value = ""
            self.template[f.attname] = value
        self.attnames = [f.attname for f in self.fields]
        # Every row starts as the template's already-encoded cells; only the values given are encoded.
        self.cells = [self._text(self.template[name]) for name in self.attnames]
        self.position = {name: i for i, name in enumerate(self.attnames)}
        self.buffer = io.StringIO()
        self.count = 0

    @staticmethod
    def _text(value):
        if value is None:
            return r"\N"
        if value is True:
            return "t"
        if value is False:
            return "f"
        if isinstance(value, (list, dict)):
            import json

            return json.dumps(value)
        return str(value)

    def add(self, pk, **values):
        cells = self.cells.copy()
        position, text = self.position, self._text
        for name, value in values.items():
            cells[position[name]] = text(value)
        self.buffer.write(f"{pk}\t" + "\t".join(cells) + "\n")
        self.count += 1

    def flush(self, cursor):
        self.buffer.seek(0)
        cursor.copy_expert(
            f'COPY {self.model._meta.db_table} ({", ".join(chr(34) + c + chr(34) for c in self.columns)}) FROM STDIN',
            self.buffer,
        )
        self.buffer = io.StringIO()


def _stop_reason(drug, stop, reviewed) -> str:
    from treatment import course_plan as plans

    if stop is None:
        return ""
    rule = plans.COURSE_RULES[drug]
    if stop.follow_on_drug:
        return "course_completed" if rule.ends else "switched"
    if rule.reviewed and reviewed is None and not rule.never_stopped:
        return "drug_holiday"
    return "patient_choice"


class _Courses:
    """The treatment course each signed-off decision opens (treatment.services.course_from_decision), with the doses
    given, the drug-holiday reviews and stops of a service that mostly keeps up: doses in clinic on their dates,
    an eighth of courses with the last dose not given (due, then overdue), some stopped; reviews mostly recorded;
    anabolic courses mostly followed by alendronate. Its items are the course plan's own
    (treatment.course_plan.item_rows), computed once per distinct plan: the doses fall on their schedule, so
    courses of one drug starting on one day with one history share their plan."""

    def __init__(self, rng, today):
        self.rng, self.today = rng, today
        self.plans: dict = {}

    @property
    def plans_computed(self) -> int:
        return len(self.plans)

    def _items(self, drug, start, doses, stop, reviewed):
        from treatment import course_plan as plans

        key = (drug, start, doses, stop, reviewed)
        if key not in self.plans:
            plan = plans.course_plan(drug=drug, start=start, today=self.today, doses=doses, stop=stop,
                                     reviewed=reviewed)
            self.plans[key] = plans.item_rows(plan)
        return self.plans[key]

    def _history(self, drug, start):
        """(doses given, stop or None, the review that continued it or None) of one course by `today`."""
        from assessments import thresholds as T
        from treatment import course_plan as plans

        rng, today = self.rng, self.today
        rule, usual = plans.COURSE_RULES.get(drug), T.REGIMENS.get(drug)
        doses, stop, reviewed = [], None, None
        if rule is None:
            return (), None, None
        end = None
        if rule.reviewed and usual.duration_months:
            review = plans.add_months(start, usual.duration_months)
            if review <= today:
                draw = rng.random()
                if draw < 0.5:  # a drug holiday from the review
                    stop, end = plans.Stop(on=review), review
                elif draw < 0.9:  # continued: reviewed again in two years
                    reviewed = (review, 24)
        if rule.ends:
            course_end = plans.add_months(start, usual.duration_months)
            if course_end <= today:
                draw = rng.random()
                if draw < 0.85:
                    stop = plans.Stop(on=course_end, follow_on_drug="alendronate", follow_on_starts_on=course_end)
                elif draw < 0.95:
                    stop = plans.Stop(on=course_end)
        if rule.per_dose:
            day = start
            while day <= (end or today):
                doses.append(day)
                day = plans.dose_after(day, usual.interval)
            draw = rng.random()
            if doses and draw < 0.12:
                doses.pop()  # the last dose not given (yet): due or overdue
            elif len(doses) > 1 and draw < 0.20 and stop is None:
                del doses[rng.randint(1, len(doses) - 1):]  # stopped after one of its doses
                last = doses[-1]
                if drug == "denosumab" and rng.random() < 0.5:
                    # Stopped with no follow-on named: escalated until one is.
                    stop = plans.Stop(on=min(last + timedelta(days=30), today))
                else:
                    follow_on = plans.add_months(last, 6)
                    stop = plans.Stop(on=min(last + timedelta(days=30), today), follow_on_drug="alendronate",
                                      follow_on_starts_on=follow_on if follow_on <= today else None)
                    if stop.follow_on_starts_on is None:
                        stop = plans.Stop(on=stop.on)
        return tuple(doses), stop, reviewed

    def load(self, cursor, signed_decisions, now) -> dict[str, int]:
        from treatment.models import CourseItem, CourseReview, DoseGiven, TreatmentCourse

        courses, doses, reviews, items = [], [], [], []
        for episode_id, site_id, decision_id, drug, start, nurse_id in signed_decisions:
            history = [(drug, start, decision_id, None)]
            while history:
                drug, start, decision_id, follows = history.pop()
                given, stop, reviewed = self._history(drug, start)
                index = len(courses)
                courses.append(dict(
                    episode_id=episode_id, site_id=site_id, decision_id=decision_id, follows_id=follows, drug=drug,
                    starts_on=start, created_by_id=nurse_id,
                    status="stopped" if stop else "active", stopped_on=stop.on if stop else None,
                    stop_reason=_stop_reason(drug, stop, reviewed),
                    stop_note="" if not stop or stop.follow_on_drug else "Synthetic stop",
                    follow_on_drug=stop.follow_on_drug if stop else "",
                    follow_on_starts_on=stop.follow_on_starts_on if stop else None))
                doses += [(index, day, nurse_id) for day in given]
                if reviewed:
                    reviews.append((index, reviewed[0], nurse_id))
                items += [(index, row) for row in self._items(drug, start, given, stop, reviewed)]
                if stop and stop.follow_on_drug and stop.follow_on_starts_on:
                    history.append((stop.follow_on_drug, stop.follow_on_starts_on, None, index))
        tables = {m: _Table(m, now) for m in (TreatmentCourse, DoseGiven, CourseReview, CourseItem)}
        course_id = _next_id(cursor, TreatmentCourse, len(courses))
        for k, course in enumerate(courses):
            if course["follows_id"] is not None:
                course["follows_id"] += course_id
            tables[TreatmentCourse].add(course_id + k, **course)
        dose_id = _next_id(cursor, DoseGiven, len(doses))
        for k, (index, day, nurse_id) in enumerate(doses):
            tables[DoseGiven].add(dose_id + k, course_id=course_id + index, given_on=day, place="fls_clinic",
                                  recorded_by_id=nurse_id)
        review_id = _next_id(cursor, CourseReview, len(reviews))
        for k, (index, day, nurse_id) in enumerate(reviews):
            tables[CourseReview].add(review_id + k, course_id=course_id + index, reviewed_on=day, outcome="continue",
                                     next_review_months=24, recorded_by_id=nurse_id)
        item_id = _next_id(cursor, CourseItem, len(items))
        for k, (index, row) in enumerate(items):
            course = courses[index]
            tables[CourseItem].add(item_id + k, course_id=course_id + index, site_id=course["site_id"],
                                   episode_id=course["episode_id"], **row)
        for table in tables.values():
            table.flush(cursor)
        return {"courses": len(courses), "doses": len(doses), "course_reviews": len(reviews),
                "course_items": len(items)}


def _next_id(cursor, model, n):
    """Reserve n ids from the table's sequence, so the load can run next to a live app."""
    table = model._meta.db_table
    cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    seq = cursor.fetchone()[0]
    cursor.execute(f"SELECT setval('{seq}', GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
                   f"(SELECT last_value FROM {seq})) + %s)", [n])
    return cursor.fetchone()[0] - n + 1


def ensure_sites_and_staff(k: int):
    """Sites BENCH1…BENCHk, each with a nurse and a clinician (password bench-2026)."""
    from django.contrib.auth.models import Group

    from fls.models import Site, SiteMembership, User
    from fls.roles import CLINICIAN, NURSE

    sites, staff = [], {}
    for i in range(1, k + 1):
        site, _ = Site.objects.get_or_create(code=f"bench{i}", defaults={"name": f"Bench Hospital {i}", "country": "GB"})
        sites.append(site)
        for role, prefix in ((NURSE, "bench_nurse"), (CLINICIAN, "bench_clinician")):
            user = User.objects.filter(username=f"{prefix}_{i}").first()
            if user is None:
                user = User.objects.create_user(f"{prefix}_{i}", password="bench-2026", first_name=prefix.split("_")[1].title(),
                                                last_name=str(i))
                user.groups.add(Group.objects.get(name=role))
                SiteMembership.objects.get_or_create(user=user, site=site)
            staff[(role, site.pk)] = user
    return sites, staff


def generate(*, episodes: int, sites: int = 10, seed: int = 1, today: date | None = None,
             chunk: int = 50_000, log=print, vacuum: bool = True) -> dict:
    """Load `episodes` episodes spread over `sites` sites. Returns counts per table and the seconds taken."""
    from django.db import connection, transaction

    from assessments.models import Assessment, BloodResult, TreatmentDecision
    from fls.roles import CLINICIAN, NURSE
    from followup.models import Adherence, FollowUp
    from followup.services import ON_HOLD_NOTE

    # What a completed follow-up found, by the row's number rather than a random draw, so a seed makes the
    # same data as before: most taking it as prescribed, some irregularly, some stopped or never started.
    adherence = [Adherence.AS_PRESCRIBED] * 14 + [Adherence.IRREGULARLY] * 3 + [Adherence.STOPPED] * 2 + [
        Adherence.NEVER_STARTED]
    from patients.models import EpisodeEvent, FractureEpisode, Patient

    started = time.monotonic()
    rng = random.Random(seed)
    # Blood results draw from their own stream, so the episodes of a seed are the same with or without them.
    blood_rng = random.Random(f"{seed}-bloods")
    drug_rng = random.Random(f"{seed}-drugs")
    today = today or date.today()
    now = datetime.now(dt_timezone.utc)
    courses = _Courses(random.Random(f"{seed}-courses"), today)
    site_list, staff = ensure_sites_and_staff(sites)
    totals = {"patients": 0, "episodes": 0, "events": 0, "assessments": 0, "blood_results": 0, "decisions": 0,
              "follow_ups": 0, "courses": 0, "doses": 0, "course_reviews": 0, "course_items": 0}
    done = 0
    while done < episodes:
        n = min(chunk, episodes - done)
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            tables = {m: _Table(m, now) for m in (Patient, FractureEpisode, EpisodeEvent, Assessment, BloodResult,
                                                  TreatmentDecision, FollowUp)}
            patient_id = _next_id(raw, Patient, n)
            episode_id = _next_id(raw, FractureEpisode, n)
            event_id = _next_id(raw, EpisodeEvent, n)
            assessment_id = _next_id(raw, Assessment, n)
            decision_id = _next_id(raw, TreatmentDecision, n)
            blood_id = _next_id(raw, BloodResult, len(BLOOD_TESTS) * n)  # at most every test for every episode
            follow_up_id = _next_id(raw, FollowUp, 3 * n)
            signed_decisions = []  # (episode, site, decision, drug, signed on, nurse): each opens a course
            for i in range(n):
                site = site_list[rng.randrange(len(site_list))]
                nurse, clinician = staff[(NURSE, site.pk)], staff[(CLINICIAN, site.pk)]
                state = _pick(rng, STATE_SHARES)
                lo, hi = IDENTIFIED_AGO[state]
                identified_on = today - timedelta(days=rng.randint(lo, hi))
                fracture_date = identified_on - timedelta(days=rng.randint(0, 10))
                dob = fracture_date - timedelta(days=rng.randint(50 * 365, 98 * 365))
                pid, eid = patient_id + i, episode_id + i
                tables[Patient].add(
                    pid, site_id=site.pk, local_id=f"B{seed}-{pid}", family_name=rng.choice(FAMILY),
                    given_name=rng.choice(GIVEN), date_of_birth=dob, sex=rng.choice(("female", "female", "female", "male")),
                )
                changed = datetime.combine(identified_on, datetime.min.time(), dt_timezone.utc) + timedelta(days=rng.randint(0, 20))
                episode = dict(
                    patient_id=pid, site_id=site.pk, fracture_date=fracture_date,
                    fracture_site=_pick(rng, FRACTURE_SITES), side=rng.choice(("left", "right")), mechanism="low",
                    identified_on=identified_on, source=rng.choice(("ed", "ward", "fracture_clinic", "radiology")),
                    # Most episodes past triage have a nurse; a few are still unassigned.
                    assigned_nurse_id=nurse.pk if state != "identified" and rng.random() < 0.9 else None,
                    state=state, state_changed_at=min(changed, now),
                    excluded_reason="Not a fragility fracture" if state == "excluded" else "",
                )
                tables[EpisodeEvent].add(event_id + i, episode_id=eid, transition="identify", from_state="",
                                         to_state="identified", at=datetime.combine(identified_on, datetime.min.time(), dt_timezone.utc))
                assessed = state not in ("identified", "excluded", "declined", "awaiting_assessment") or (
                    state == "awaiting_assessment" and rng.random() < 0.5)
                if state in ("died", "lost_to_follow_up") and rng.random() < 0.5:
                    assessed = False
                if assessed:
                    dxa_requested = identified_on + timedelta(days=rng.randint(1, 10))
                    # Waiting for a DXA result: half of those awaiting assessment, a few of those assessed.
                    waiting = state == "awaiting_assessment" or (state == "assessed" and rng.random() < 0.15)
                    tables[Assessment].add(
                        assessment_id + i, episode_id=eid, assessed_on=dxa_requested, assessed_by_id=nurse.pk,
                        dxa_requested_on=dxa_requested,
                        dxa_performed_on=None if waiting else min(today, dxa_requested + timedelta(days=rng.randint(7, 60))),
                        t_score_total_hip=round(rng.gauss(-2.2, 0.9), 1) if not waiting else None,
                        completed_at=None if state == "awaiting_assessment" else now, completed_by_id=None if state == "awaiting_assessment" else nurse.pk,
                    )
                    totals["assessments"] += 1
                    bloods = []
                    for test, unit, low, high, (centre, spread), share in BLOOD_TESTS:
                        if share < 1 and blood_rng.random() >= share:
                            continue
                        bloods.append(dict(
                            assessment_id=assessment_id + i, test=test, taken_on=dxa_requested,
                            value=f"{max(0.0, blood_rng.gauss(centre, spread)):.2f}", unit=unit,
                            reference_low=low, reference_high=high, recorded_by_id=nurse.pk,
                        ))
                    decided = state in ("treatment_decided", "in_follow_up", "completed", "lost_to_follow_up") or (
                        state == "assessed" and rng.random() < 0.5)
                    if decided:
                        drafted = datetime.combine(dxa_requested, datetime.min.time(), dt_timezone.utc) + timedelta(days=rng.randint(14, 70))
                        signed = state != "assessed"
                        drug = _pick(drug_rng, DRUG_SHARES)
                        if signed:
                            signed_decisions.append((eid, site.pk, decision_id + i, drug, min(drafted, now).date(),
                                                     nurse.pk))
                        tables[TreatmentDecision].add(
                            decision_id + i, episode_id=eid, site_id=site.pk, recommendation=drug,
                            calcium_vitamin_d="start",
                            initiated_by="fls", drafted_by_id=nurse.pk, drafted_at=min(drafted, now),
                            signed_off_by_id=clinician.pk if signed else None, signed_off_at=min(drafted, now) if signed else None,
                        )
                        totals["decisions"] += 1
                    for blood in bloods:
                        tables[BloodResult].add(blood_id, **blood)
                        blood_id += 1
                        totals["blood_results"] += 1
                tables[FractureEpisode].add(eid, **episode)
                if state in ("in_follow_up", "completed", "lost_to_follow_up"):
                    lost_at = rng.choice(list(WINDOWS)) if state == "lost_to_follow_up" else None
                    for k, kind in enumerate(WINDOWS):
                        opens_w, due_w, closes_w = WINDOWS[kind]
                        opens = fracture_date + timedelta(weeks=opens_w)
                        closes = fracture_date + timedelta(weeks=closes_w)
                        if state == "in_follow_up" and opens > today + timedelta(days=60):
                            status = "scheduled"
                        elif state == "completed":
                            status = "completed"
                        elif lost_at is not None:
                            # Only a lost episode has a lost follow-up; those after it wait on hold, as
                            # followup.services.episode_left_pathway leaves them (resuming reopens them).
                            status = "completed" if list(WINDOWS).index(lost_at) > k else ("lost" if kind == lost_at else "on_hold")
                        elif closes < today:
                            # A tenth of past windows were never closed: those are the overdue ones.
                            status = "scheduled" if rng.random() < 0.1 else "completed"
                        else:
                            status = "scheduled"
                        tables[FollowUp].add(
                            follow_up_id + 3 * i + k, episode_id=eid, site_id=site.pk, kind=kind, anchor="fracture",
                            anchor_date=fracture_date, opens_week=opens_w, due_week=due_w, closes_week=closes_w,
                            window_opens=opens, due_on=fracture_date + timedelta(weeks=due_w), window_closes=closes,
                            status=status,
                            status_note=ON_HOLD_NOTE if status == "on_hold" else "",
                            outcome=adherence[(i + k) % len(adherence)] if status == "completed" else "",
                            closed_at=now if status not in ("scheduled", "on_hold") else None,
                        )
                        totals["follow_ups"] += 1
            for table in tables.values():
                table.flush(raw)
            for key, count in courses.load(raw, signed_decisions, now).items():
                totals[key] += count
        done += n
        totals["patients"] += n
        totals["episodes"] += n
        totals["events"] += n
        log(f"  {done:,} / {episodes:,} episodes ({time.monotonic() - started:.0f} s)")
    from worklists.read_model import worklist_rebuild

    read_model_started = time.monotonic()
    totals["read_model_rows"] = worklist_rebuild()
    totals["read_model_seconds"] = round(time.monotonic() - read_model_started, 1)
    log(f"  worklist read model rebuilt ({totals['read_model_seconds']:.0f} s); course plans computed: "
        f"{courses.plans_computed:,} distinct of {totals['courses']:,}")
    # VACUUM, not only ANALYZE: it sets the visibility map, without which the worklists' index-only scans
    # visit the heap for every entry (10x slower until autovacuum gets round to the new tables). Not inside a
    # transaction (a test's): `vacuum=False` there.
    loaded = ("patients_patient", "patients_fractureepisode", "patients_episodeevent", "assessments_assessment",
              "assessments_bloodresult", "assessments_treatmentdecision", "followup_followup",
              "treatment_treatmentcourse", "treatment_dosegiven", "treatment_coursereview", "treatment_courseitem",
              "worklists_worklistepisode", "worklists_worklistfollowup", "worklists_worklistbloodresult",
              "worklists_worklistcourseitem")
    with connection.cursor() as cursor:
        for table in loaded if vacuum else ():
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    totals["seconds"] = round(time.monotonic() - started, 1)
    return totals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args(argv)
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        parser.error("set DATABASE_URL to a PostgreSQL database: the generator loads with COPY")
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    print(generate(episodes=args.episodes, sites=args.sites, seed=args.seed, today=args.today))


if __name__ == "__main__":
    main()
