"""Time the follow-up reminder scan over N synthetic follow-ups in PostgreSQL.

    .venv/bin/python bench/followup_scan.py --follow-ups 100000 [--database-url postgres://…/fls_bench]

Uses its own database (default fls_bench on the local server; created and migrated if missing, and
emptied of earlier bench rows), makes N follow-ups with bench/followup_bulk.py (a third each 4-, 12- and
52-week, fractures spread over two years), then times:

  catch-up   the first scan ever over the whole table: every due and overdue follow-up reminded
             (the worst case: what a scan does after reminders were switched off for a long time);
  rescan     the same scan again: must create nothing;
  next day   the ordinary daily scan the day after.

`--courses N` also makes N treatment courses (bench/followup_bulk.py's create_courses: their doses and their
plans' items), which the same scans remind about (the course pass); each run's line then says how many.

`--keep` times the same runs over the follow-ups an earlier run made (only what the scans made is
cleared), to compare code or server settings without generating again.

Prints one JSON line per run, and a Markdown table row for BENCHMARKS.md.
"""
import argparse
import json
import os
import platform
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--follow-ups", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/fls_bench")
    parser.add_argument("--today", default="2026-06-01")
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--keep", action="store_true",
                        help="keep the follow-ups already there (made by an earlier run); clear only what scans made")
    parser.add_argument("--workers", type=int, default=None, help="connections the scan writes through "
                        "(default: settings.FOLLOWUP_SCAN_WORKERS)")
    parser.add_argument("--courses", type=int, default=0,
                        help="also make N treatment courses with their plans' items (bench.followup_bulk.create_courses)")
    parser.add_argument("--reminded", action="store_true",
                        help="start from the steady state (yesterday's reminders done) instead of a catch-up")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = ""
    os.environ["EMAIL_URL"] = "locmem:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fls.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    _ensure_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from fls.models import Site
    from fls.roles import MANAGER, NURSE
    from fls.services import user_create
    from bench import followup_bulk as bulk
    from followup.models import FollowUp

    if args.keep:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE followup_notification, followup_reminder, followup_patientreminderletter, "
                           "followup_digestsent, treatment_coursereminder")
            cursor.execute("VACUUM ANALYZE")
        made = FollowUp.objects.count()
        print(json.dumps({"kept_follow_ups": made}), flush=True)
        return _time_scans(args, made)
    with connection.cursor() as cursor:
        # A bench database: start from nothing each time.
        cursor.execute("TRUNCATE followup_notification, followup_reminder, "
                       "followup_patientreminderletter, followup_digestsent, followup_followupcontact, "
                       "followup_followup, patients_episodeevent, patients_fractureepisode, "
                       "patients_patientrecordaccess, patients_patient CASCADE")
    site, _ = Site.objects.get_or_create(code="bench", defaults={"name": "Bench General Hospital"})
    nurses = []
    for i in range(4):
        from fls.models import User

        user = User.objects.filter(username=f"bench_nurse_{i}").first() or user_create(
            username=f"bench_nurse_{i}", password="bench-password-123", roles=[NURSE], sites=[site],
            email=f"bench_nurse_{i}@fls.example")
        nurses.append(user.pk)
    if not User.objects.filter(username="bench_lead").exists():
        user_create(username="bench_lead", password="bench-password-123", roles=[MANAGER], sites=[site],
                    lead_of=[site], email="bench_lead@fls.example")

    today = date.fromisoformat(args.today)
    episodes = args.follow_ups // 3
    started = time.perf_counter()
    made = bulk.create_follow_ups(site_id=site.pk, nurse_ids=nurses, episodes=episodes, today=today,
                                  reminded=args.reminded)
    generated = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE followup_followup")
    print(json.dumps({"generated_follow_ups": made, "seconds": round(generated, 1)}), flush=True)
    if args.courses:
        started = time.perf_counter()
        courses = bulk.create_courses(site_id=site.pk, nurse_ids=nurses, courses=args.courses, today=today)
        print(json.dumps({"generated_courses": courses, "seconds": round(time.perf_counter() - started, 1)}),
              flush=True)

    return _time_scans(args, made)


def _time_scans(args, made):
    from fls.models import Site
    from followup import services

    site = Site.objects.get(code="bench")
    today = date.fromisoformat(args.today)
    chunk = args.chunk_size or services.DEFAULT_CHUNK_SIZE
    runs = []
    for label, day in (("catch-up" if not args.reminded else "daily", today), ("rescan", today),
                       ("next day", today + timedelta(days=1))):
        started = time.perf_counter()
        result = services.followups_scan(today=day, site_ids=[site.pk], chunk_size=chunk, workers=args.workers)
        seconds = time.perf_counter() - started
        line = {"run": label, "follow_ups": made, "seconds": round(seconds, 2), **result.summary(),
                "course_reminders": result.detail.get("treatment_reminders", 0),
                "notifications": result.notifications_created, "letters": result.letters_created,
                "digests": result.digests_sent}
        runs.append(line)
        print(json.dumps(line), flush=True)
    print()
    print(f"| {date.today()} | {platform.node()} ({os.cpu_count()} cores) | {made:,} | "
          + " | ".join(f"{r['run']}: {r['seconds']} s ({r['reminders_created']:,} reminders)" for r in runs) + " |")


def _ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    conn = psycopg2.connect(dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
                            host=config["HOST"] or None, port=config["PORT"] or None)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    conn.close()


if __name__ == "__main__":
    main()
