"""Time the national-audit KPIs (audit.kpis) over N synthetic episodes in PostgreSQL.

    .venv/bin/python bench/kpis.py --episodes 1000000 [--database-url postgres://…/fls_kpi] [--keep]

Uses its own database (default fls_kpi; created and migrated if missing). Unless --keep finds the rows
already there, it empties the clinical tables and makes N synthetic episodes spread over --sites sites
and the five years 2021-2025 with INSERT … SELECT over generate_series (synthetic names "Kpi000123"
only; never load real patients into a bench database): ~85% assessed, ~60% with a treatment decision,
12- and 52-week follow-ups with one contact each for those decided. Then it times, median of --runs:

  site year      the KPI table for one site and 2025 (target < 300 ms)
  all sites year the KPI table for every site and 2025 (target < 2 s)
  + trends       the same with the monthly trends and the assessment-delay distribution (the whole
                 dashboard's reads)
  summary        audit.summary: the refresh of every site's KpiDailyCounts, then the whole dashboard's
                 reads from it for one site and for all sites (--summary-only times just these)

Prints one JSON line per measure and Markdown rows for BENCHMARKS.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GENERATE = """
INSERT INTO patients_patient (local_id, national_id, family_name, given_name, date_of_birth, sex, postcode, phone,
    gp_practice_name, gp_practice_code, gp_practice_contact, residence, created_at, version, site_id)
SELECT 'K' || g, CASE WHEN g %% 4 = 0 THEN '' ELSE lpad(g::text, 10, '0') END, 'Kpi' || lpad(g::text, 7, '0'),
    'Synthetic', date '1930-01-01' + (g %% 12000), CASE WHEN g %% 5 = 0 THEN 'male' ELSE 'female' END,
    CASE WHEN g %% 7 = 0 THEN '' ELSE 'ZZ1 1ZZ' END, '', '', CASE WHEN g %% 9 = 0 THEN '' ELSE 'P00001' END, '',
    'own_home', now(), 1, %(first_site)s + (g %% %(sites)s)
FROM generate_series(1, %(n)s) g;

INSERT INTO patients_fractureepisode (fracture_date, fracture_site, side, mechanism, identified_on, source,
    previous_fracture_count, previous_fractures_note, state, state_changed_at, excluded_reason,
    eligibility_override_reason, created_at, version, site_id, patient_id)
SELECT date '2021-01-01' + ((p.id * 7919) %% 1826)::int,
    (ARRAY['hip','vertebra','wrist','humerus','pelvis','ankle','other'])[1 + p.id %% 7], 'left', 'low',
    date '2021-01-01' + ((p.id * 7919) %% 1826)::int + 3, 'ed', 0, '',
    CASE WHEN p.id %% 50 = 0 THEN 'excluded' WHEN p.id %% 3 = 0 THEN 'completed' ELSE 'in_follow_up' END,
    now(), '', '', now(), 1, p.site_id, p.id
FROM patients_patient p WHERE p.local_id LIKE 'K%%';

UPDATE patients_patient SET date_of_death = date '2021-06-01' + (id %% 1600)::int WHERE local_id LIKE 'K%%' AND id %% 40 = 0;

INSERT INTO assessments_assessment (assessed_on, gait_balance_result, falls_assessment, strength_balance,
    spine_imaging, spine_imaging_result, previous_fracture, parental_hip_fracture, current_smoker,
    alcohol_3_or_more_units, oral_glucocorticoids, rheumatoid_arthritis, secondary_osteoporosis, frax_with_bmd,
    notes, created_at, version, assessed_by_id, episode_id, dxa_requested_on, dxa_performed_on)
SELECT e.fracture_date + (e.id %% 130)::int, '',
    (ARRAY['done','referred','recommended','not_done'])[1 + e.id %% 4], 'not_yet', 'not_done', '',
    false, false, false, false, false, false, false, false, '', now(), 1, %(user)s, e.id,
    CASE WHEN e.id %% 3 <> 0 THEN e.fracture_date + 7 END,
    CASE WHEN e.id %% 3 = 1 THEN e.fracture_date + (e.id %% 120)::int END
FROM patients_fractureepisode e WHERE e.id %% 7 <> 0 AND e.site_id >= %(first_site)s;

INSERT INTO assessments_treatmentdecision (recommendation, recommendation_other, calcium_vitamin_d, initiated_by,
    status, started_on, status_reason, notes, drafted_at, version, drafted_by_id, episode_id, site_id)
SELECT CASE WHEN e.id %% 5 = 0 THEN 'none' ELSE 'alendronate' END, '', 'start', 'fls',
    CASE WHEN e.id %% 4 = 0 THEN 'planned' ELSE 'started' END,
    CASE WHEN e.id %% 4 = 0 THEN NULL ELSE e.fracture_date + (e.id %% 150)::int END, '', '', now(), 1, %(user)s, e.id,
    e.site_id
FROM patients_fractureepisode e WHERE e.id %% 7 <> 0 AND e.id %% 3 <> 2 AND e.site_id >= %(first_site)s;

INSERT INTO followup_followup (kind, anchor, anchor_date, opens_week, due_week, closes_week, window_opens, due_on,
    window_closes, planned_method, status, status_note, failed_attempts, outcome, created_at, version, episode_id, site_id)
SELECT k.kind, 'fracture', e.fracture_date, k.o, k.d, k.c, e.fracture_date + 7 * k.o, e.fracture_date + 7 * k.d,
    e.fracture_date + 7 * k.c, 'phone', 'completed', '', 0, '', now(), 1, e.id, e.site_id
FROM patients_fractureepisode e JOIN assessments_treatmentdecision t ON t.episode_id = e.id
CROSS JOIN (VALUES ('week_12', 12, 12, 16), ('week_52', 48, 52, 56)) AS k(kind, o, d, c);

INSERT INTO followup_followupcontact (contacted_on, method, reached, adherence, stopped_reason, stopped_reason_other,
    new_fracture, notes, next_action, in_window, timing, recorded_at, follow_up_id, recorded_by_id,
    strength_balance_started_on)
SELECT f.due_on + (f.id %% 30)::int - 10, 'phone', f.id %% 6 <> 0,
    CASE WHEN f.id %% 6 = 0 THEN '' ELSE (ARRAY['as_prescribed','irregularly','stopped','never_started'])[1 + f.id %% 4] END,
    '', '', false, '', '', true, 'on_time', now(), f.id, %(user)s,
    CASE WHEN f.kind = 'week_12' AND f.id %% 3 = 0 THEN f.window_opens END
FROM followup_followup f;
ANALYZE;
"""


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0]
    exists = subprocess.run(["psql", f"{server}/postgres", "-Atc", f"select 1 from pg_database where datname='{name}'"],
                            capture_output=True, text=True).stdout.strip()
    if not exists:
        subprocess.run(["psql", f"{server}/postgres", "-c", f'create database "{name}"'], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/fls_kpi")
    parser.add_argument("--keep", action="store_true", help="reuse the rows already there if any")
    parser.add_argument("--summary-only", action="store_true", help="time only the summary refresh and reads")
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fls.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from fls.models import Site, User
    from patients.models import FractureEpisode

    if not (args.keep and FractureEpisode.objects.exists()):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE followup_followupcontact, followup_followup, assessments_treatmentdecision, "
                           "assessments_assessment, patients_fractureepisode, patients_patient, fls_site CASCADE")
        sites = [Site.objects.create(code=f"kpi{i}", name=f"KPI bench site {i}") for i in range(args.sites)]
        user, _ = User.objects.get_or_create(username="kpi-bench")
        params = {"n": args.episodes, "sites": args.sites, "first_site": sites[0].pk, "user": user.pk}
        with connection.cursor() as cursor:
            for statement in GENERATE.split(";\n"):
                if statement.strip():
                    cursor.execute(statement, params)
        print(json.dumps({"generated_episodes": args.episodes, "seconds": round(time.perf_counter() - started, 1)}))

    from audit import kpis

    sites = list(Site.objects.order_by("id"))
    year = (date(2025, 1, 1), date(2025, 12, 31))

    def timed(label, fn):
        fn()  # warm the cache, as a dashboard in use is
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        print(json.dumps({"measure": label, "median_ms": round(median, 1), "max_ms": round(max(times), 1)}))
        return median

    def table(chosen):
        return lambda: kpis.kpi_table(sites=chosen, date_from=year[0], date_to=year[1], as_of=date(2026, 11, 24))

    def dashboard(chosen):
        def run():
            kpis.kpi_table(sites=chosen, date_from=year[0], date_to=year[1], as_of=date(2026, 11, 24))
            kpis.monthly_trends(sites=chosen, date_from=year[0], date_to=year[1], as_of=date(2026, 11, 24))
            kpis.assessment_delay_distribution(sites=chosen, date_from=year[0], date_to=year[1])
        return run

    total = FractureEpisode.objects.count()
    one_site_year = kpis.audit_records([sites[0].pk], *year).count()
    all_year = kpis.audit_records([s.pk for s in sites], *year).count()
    rows = [] if args.summary_only else [
        ("one site, 2025, KPI table", one_site_year, timed("site year", table(sites[:1])), 300),
        ("all sites, 2025, KPI table", all_year, timed("all sites year", table(sites)), 2000),
        ("one site, 2025, table + trends + delays", one_site_year, timed("site year dashboard", dashboard(sites[:1])), 300),
        ("all sites, 2025, table + trends + delays", all_year, timed("all sites year dashboard", dashboard(sites)), 2000),
    ]
    from audit import summary
    from audit.models import KpiDailyCounts

    started = time.perf_counter()
    for site in sites:
        summary.kpi_summary_refresh(site=site)
    refresh_s = time.perf_counter() - started
    print(json.dumps({"measure": "summary refresh, all sites", "seconds": round(refresh_s, 1),
                      "rows": KpiDailyCounts.objects.count()}))

    def summary_dashboard(chosen):
        def run():
            summary.kpi_table(sites=chosen, date_from=year[0], date_to=year[1], as_of=date(2026, 11, 24))
            summary.monthly_trends(sites=chosen, date_from=year[0], date_to=year[1], as_of=date(2026, 11, 24))
            summary.assessment_delay_distribution(sites=chosen, date_from=year[0], date_to=year[1])
        return run

    rows += [
        ("summary: one site, 2025, table + trends + delays", one_site_year, timed("summary site year", summary_dashboard(sites[:1])), 300),
        ("summary: all sites, 2025, table + trends + delays", all_year, timed("summary all sites year", summary_dashboard(sites)), 2000),
    ]
    print(f"\nEpisodes in the database: {total:,}; summary refresh of all sites {refresh_s:.1f} s\n")
    print("| measure | records in scope | median ms | target ms |")
    print("|---|---|---|---|")
    for label, scope, median, target in rows:
        print(f"| {label} | {scope:,} | {median:.0f} | < {target} |")


if __name__ == "__main__":
    main()
