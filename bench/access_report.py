"""Time the record-access log at scale in PostgreSQL: the audit dataset export that logs each patient in it, and
the managers' access report over millions of logged accesses.

    .venv/bin/python bench/access_report.py [--episodes 200000] [--sites 2] [--accesses 2000000]
        [--database-url postgres://…/fls_access_bench] [--keep]

Uses its own database (default fls_access_bench; created and migrated if missing). Unless --keep finds rows there,
it makes N synthetic episodes with bench/generate_episodes.py (synthetic names only; never load real patients into
a bench database) and --accesses logged accesses spread over the last two years, the bench staff and every
patient. Then:

  dataset export   the whole dataset of one site over five years (every episode of the site), streamed as the
                   view streams it: once without the log (dataset rows to CSV text) and once through the log
                   (patients.services.patient_records_accessed), with the number of INSERTs the log made
  report page      /audit/access/ through Django's test client for a manager of one site and of every site:
                   no filter, one person, one patient, one month (median of --runs)
  report CSV       /audit/access.csv for one person over one month, streamed to the end (the export logs its
                   patients as it goes)

Prints one JSON line per measure and Markdown rows for BENCHMARKS.md.
"""
import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_episodes import generate  # noqa: E402
from bench.kpis import ensure_database  # noqa: E402

ACCESSES = """
INSERT INTO patients_patientrecordaccess (patient_id, site_id, user_id, viewed_at, kind, page)
SELECT p.id, p.site_id, (%(users)s)[1 + (g %% %(staff)s)],
    now() - ((g * 7919) %% (730 * 24 * 60)) * interval '1 minute',
    (ARRAY['view','view','view','letter','print','export'])[1 + g %% 6],
    (ARRAY['patient','episode','follow-up','letter','letter PDF','audit dataset'])[1 + g %% 6]
FROM generate_series(1::bigint, %(n)s) g
JOIN patients_patient p ON p.id = %(first_patient)s + ((g * 104729) %% %(patients)s)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=200_000)
    parser.add_argument("--sites", type=int, default=2)
    parser.add_argument("--accesses", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/fls_access_bench")
    parser.add_argument("--keep", action="store_true", help="reuse the rows already there if any")
    args = parser.parse_args()

    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fls.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max, Min
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    from fls.models import Site, SiteMembership, User
    from fls.roles import MANAGER
    from patients.models import Patient, PatientRecordAccess

    if not (args.keep and PatientRecordAccess.objects.exists()):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE patients_patientrecordaccess")
        if not Patient.objects.exists():
            generate(episodes=args.episodes, sites=args.sites, seed=1)
        staff = list(User.objects.filter(username__startswith="bench_").values_list("id", flat=True))
        patient_ids = Patient.objects.aggregate(first=Min("id"), last=Max("id"))
        with connection.cursor() as cursor:
            cursor.execute(ACCESSES, {"n": args.accesses, "users": staff, "staff": len(staff),
                                      "first_patient": patient_ids["first"],
                                      "patients": patient_ids["last"] - patient_ids["first"] + 1})
            cursor.execute("VACUUM (ANALYZE) patients_patientrecordaccess")
        print(json.dumps({"episodes": Patient.objects.count(), "accesses": args.accesses,
                          "seconds": round(time.perf_counter() - started, 1)}))

    sites = list(Site.objects.order_by("id"))
    managers = {}
    for label, chosen in (("one site", sites[:1]), ("every site", sites)):
        manager, _ = User.objects.get_or_create(username=f"access-bench-manager-{len(chosen)}")
        manager.groups.set([Group.objects.get(name=MANAGER)])
        for site in chosen:
            SiteMembership.objects.get_or_create(user=manager, site=site)
        managers[label] = manager
    rows = []

    # --- The dataset export, with and without its log -------------------------------------------------
    from audit.dataset import DATASET_HEADER, dataset_rows
    from fls.csvsafe import stream_csv
    from patients.services import patient_records_accessed

    five_years = (date.today() - timedelta(days=5 * 365), date.today())
    exporter = managers["one site"]

    def export(with_log: bool):
        PatientRecordAccess.objects.filter(user=exporter).delete()  # bench rows only, so each run logs afresh
        source = dataset_rows(sites=sites[:1], date_from=five_years[0], date_to=five_years[1])
        if with_log:
            source = patient_records_accessed(rows=source, by=exporter, page="audit dataset")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            size = sum(len(piece) for piece in stream_csv(source, DATASET_HEADER))
        seconds = time.perf_counter() - started
        inserts = sum(1 for q in queries.captured_queries if q["sql"].replace('"', "").startswith("INSERT INTO patients_patientrecordaccess"))
        return seconds, size, inserts

    export(False)  # warm
    plain = [export(False) for _ in range(3)]
    logged = [export(True) for _ in range(3)]
    logged_patients = PatientRecordAccess.objects.filter(user=exporter).count()
    plain_s = statistics.median(r[0] for r in plain)
    logged_s = statistics.median(r[0] for r in logged)
    print(json.dumps({"measure": "dataset export, one site, five years", "without_log_s": round(plain_s, 2),
                      "with_log_s": round(logged_s, 2), "bytes": plain[0][1], "patients_logged": logged_patients,
                      "inserts": logged[0][2]}))
    PatientRecordAccess.objects.filter(user=exporter).delete()

    # --- The report page and its CSV -------------------------------------------------------------------
    def timed(label, fn, scope):
        fn()
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        print(json.dumps({"measure": label, "median_ms": round(median, 1), "max_ms": round(max(times), 1)}))
        rows.append((label, scope, median))

    month_ago = date.today() - timedelta(days=30)
    a_patient = Patient.objects.filter(site=sites[0]).order_by("id").values_list("id", flat=True)[1000]
    a_nurse = User.objects.get(username="bench_nurse_1").pk
    for label, manager in managers.items():
        client = Client()
        client.force_login(manager)
        site_ids = [s.pk for s in sites[: 1 if label == "one site" else len(sites)]]
        in_scope = PatientRecordAccess.objects.filter(site_id__in=site_ids).count()

        def page(params):
            def run():
                response = client.get("/audit/access/", params)
                assert response.status_code == 200, response.status_code
            return run

        timed(f"report page, {label}, as opened (last 30 days)", page({}), in_scope)
        timed(f"report page, {label}, every date", page({"date_from": ""}), in_scope)
        timed(f"report page, {label}, one person, every date", page({"user": a_nurse, "date_from": ""}), in_scope)
        timed(f"report page, {label}, one patient, every date", page({"patient": a_patient, "date_from": ""}), in_scope)
        timed(f"report page, {label}, one person, every date, page 40",
              page({"user": a_nurse, "date_from": "", "accesses_page": 40}), in_scope)

    client = Client()
    client.force_login(managers["one site"])

    def report_csv():
        response = client.get("/audit/access.csv", {"user": a_nurse, "date_from": month_ago.isoformat()})
        return sum(len(piece) for piece in response.streaming_content)

    timed("report CSV, one site, one person, last 30 days", report_csv,
          PatientRecordAccess.objects.filter(site=sites[0]).count())
    PatientRecordAccess.objects.filter(user=managers["one site"]).delete()

    print(f"\nDataset export, one site, five years: {plain[0][1]:,} bytes, {logged_patients:,} patients logged in "
          f"{logged[0][2]} INSERTs; {plain_s:.2f} s without the log, {logged_s:.2f} s with it\n")
    print("| measure | accesses in scope | median ms |")
    print("|---|---|---|")
    for label, scope, median in rows:
        print(f"| {label} | {scope:,} | {median:.0f} |")


if __name__ == "__main__":
    main()
