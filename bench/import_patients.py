"""Time the bulk import of N synthetic identified fractures, and measure the memory it takes.

    .venv/bin/python bench/import_patients.py --rows 100000 [--database-url postgres://…/fls_import_bench]
    .venv/bin/python bench/import_patients.py --rows 200000 --upload [--redis-url redis://127.0.0.1:6379/7]
    .venv/bin/python bench/import_patients.py --rows 20000 --profile     # cProfile of the import, in-process

Makes a throwaway PostgreSQL database (dropped and created again each run; default fls_import_bench on
the local server), migrates it and adds one site and its manager. Writes a CSV of N valid rows with
the demo's generators (Faker names and postcodes, valid NHS numbers: demo.services.valid_nhs_number),
each a new patient aged 52 or over at a low-trauma fracture, one in twenty under 50 or high-trauma so
the exclusion path is timed too.

Default: runs `manage.py import_patients` on it in a child process, twice (the second run must create
nothing: every row a duplicate), and prints for each the rows per second, the seconds and the child's
peak RSS (one JSON line each, then a Markdown row for BENCHMARKS.md).

--upload: starts gunicorn (one sync worker) on a loopback port, signs in as the manager and uploads
the file through the real upload page, then prints the web worker's RSS before and its peak during the
upload. The batch is queued on REDIS_URL under a queue no worker reads (then purged), so the figure is
the web process's alone.
"""
import argparse
import csv
import http.cookiejar
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-import-2026"
COLUMNS = ("local_id", "nhs_number", "family_name", "given_name", "date_of_birth", "sex", "postcode",
           "gp_practice_code", "fracture_date", "fracture_site", "side", "mechanism", "identified_on", "source")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/fls_import_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--upload", action="store_true", help="measure the web process during an upload instead")
    parser.add_argument("--profile", action="store_true", help="cProfile the import in this process")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fls.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    _fresh_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from fls.models import Site
    from fls.roles import MANAGER
    from fls.services import user_create

    from patients.identifier_schemes import default_scheme

    site = Site.objects.create(code="bench", name="Bench General Hospital", country="GB", fls_model="A",
                               timezone="Europe/London", identifier_scheme=default_scheme("GB"))  # NHS numbers
    user_create(username="bench_manager", password=PASSWORD, roles=[MANAGER], sites=[site],
                first_name="Bench", last_name="Manager", email="bench@fls.example")

    with tempfile.TemporaryDirectory(prefix="fls-import-bench-") as folder:
        path = Path(folder) / f"fractures-{args.rows}.csv"
        started = time.monotonic()
        write_csv(path, args.rows, args.seed)
        print(json.dumps({"generated_rows": args.rows, "bytes": path.stat().st_size,
                          "seconds": round(time.monotonic() - started, 1)}), flush=True)
        if args.profile:
            return profile_import(path, site)
        if args.upload:
            return measure_upload(path, args)
        runs = [time_command(path, label) for label in ("first import", "same file again")]
    print(f"| {date.today():%Y-%m-%d} | {args.rows:,} | " + " | ".join(
        f"{run['seconds']} s ({run['rows_per_second']:,} rows/s; CPU: importer {run['importer_cpu_seconds']} s, "
        f"PostgreSQL {run['postgres_cpu_seconds']} s; "
        f"peak RSS {run['peak_rss_mb']} MB)" for run in runs
    ) + " |")


# --- The file -------------------------------------------------------------------------------------


def write_csv(path: Path, rows: int, seed: int) -> None:
    from faker import Faker

    from demo.services import valid_nhs_number

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    today = date.today()
    used_nhs = set()
    sites = ("hip", "wrist", "vertebra", "humerus", "pelvis", "ankle")
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for n in range(rows):
            nhs = valid_nhs_number(rng)
            while nhs in used_nhs:
                nhs = valid_nhs_number(rng)
            used_nhs.add(nhs)
            fracture = today - timedelta(days=rng.randint(1, 700))
            outside = n % 20 == 0  # excluded at once: under 50, or high trauma
            age = rng.randint(40, 49) if outside and n % 40 == 0 else max(52, min(int(rng.gauss(76, 9)), 101))
            female = rng.random() < 0.75
            writer.writerow([
                f"B{n:07d}", nhs, fake.last_name(), fake.first_name_female() if female else fake.first_name_male(),
                (fracture - timedelta(days=age * 365 + rng.randint(30, 330))).isoformat(),
                "female" if female else "male", fake.postcode(), f"{rng.choice('ABCDEFGHJKLMNP')}{rng.randint(10000, 99999)}",
                fracture.isoformat(), rng.choice(sites), rng.choice(("left", "right", "na")),
                "high" if outside and n % 40 else "low", (fracture + timedelta(days=rng.randint(0, 5))).isoformat()
                if fracture + timedelta(days=5) <= today else fracture.isoformat(),
                rng.choice(("ed", "fracture_clinic", "radiology", "ward")),
            ])


# --- The command, in a child process ---------------------------------------------------------------


def time_command(path: Path, label: str) -> dict:
    """`manage.py import_patients` in a child process: wall time, and its peak RSS (the largest child's)."""
    env = {**os.environ, "REDIS_URL": ""}
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage_before.ru_maxrss
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_patients", str(path), "--site", "bench", "--user", "bench_manager"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    postgres_cpu = PostgresCpu()
    while child.poll() is None:
        postgres_cpu.sample()
        time.sleep(0.5)
    stdout, stderr = child.communicate()
    done = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    seconds = time.monotonic() - started
    if done.returncode:
        raise SystemExit(f"import_patients failed ({done.returncode}): {done.stderr[-2000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss
    # On a shared machine the wall time depends on the others' load; the importer's own CPU time does not
    # (PostgreSQL's work is in its own processes, not counted here).
    cpu_seconds = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    result = {
        "run": label, **counts, "seconds": round(seconds, 1), "rows_per_second": int(counts["rows"] / seconds),
        "importer_cpu_seconds": round(cpu_seconds, 1), "postgres_cpu_seconds": round(postgres_cpu.seconds(), 1),
        "load_average": os.getloadavg()[0],
        # ru_maxrss of children is the largest child's so far: exact for the first run, an upper bound after.
        "peak_rss_mb": round(max(peak_kb, before) / 1024),
        "rejected_lines": len(done.stderr.strip().splitlines()) if done.stderr.strip() else 0,
    }
    print(json.dumps(result), flush=True)
    return result


class PostgresCpu:
    """The CPU time of the PostgreSQL backends serving the import (other connections to the bench
    database than this process's own), read from /proc while they live."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.ticks: dict[int, int] = {}

    def sample(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
            pids = [pid for (pid,) in cursor.fetchall()]
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime

    def seconds(self) -> float:
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")


def profile_import(path: Path, site) -> None:
    import cProfile
    import pstats

    from fls.models import User
    from patients.importing import import_batch_create, import_batch_run

    by = User.objects.get(username="bench_manager")
    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    with path.open("rb") as stream:
        batch = import_batch_create(site=site, by=by, filename=path.name, file=stream)
    batch = import_batch_run(batch.pk)
    profiler.disable()
    seconds = time.monotonic() - started
    print(json.dumps({"rows": batch.rows_total, "imported": batch.imported, "rejected": batch.rejected,
                      "seconds": round(seconds, 1), "rows_per_second": int(batch.rows_total / seconds)}))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


# --- The web process during an upload --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_kb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _form_token(opener, url: str) -> str:
    page = opener.open(url).read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def measure_upload(path: Path, args) -> None:
    queue = "fls-import-bench-unread"
    env = {**os.environ, "REDIS_URL": args.redis_url, "CELERY_QUEUE": queue, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "fls.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--timeout", "600"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        deadline = time.monotonic() + 60
        while True:
            try:
                token = _form_token(opener, f"{base}/accounts/login/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start")
                time.sleep(0.3)
        opener.open(f"{base}/accounts/login/", urllib.parse.urlencode(
            {"username": "bench_manager", "password": PASSWORD, "csrfmiddlewaretoken": token}).encode())
        page = opener.open(f"{base}/imports/new/").read().decode()  # also warms the upload page up
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        site_id = re.search(r'name="site" value="(\d+)"', page).group(1)
        (worker,) = _children(server.pid)
        rss_before = _rss_kb(worker, "VmRSS")

        boundary = "----fls-bench-boundary"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"site\"\r\n\r\n{site_id}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                "Content-Type: text/csv\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        with tempfile.TemporaryFile() as body:  # streamed to the server from disk, not built in memory
            body.write(head)
            with path.open("rb") as source:
                while block := source.read(1 << 20):
                    body.write(block)
            body.write(tail)
            length = body.tell()
            body.seek(0)
            request = urllib.request.Request(f"{base}/imports/new/", data=body, method="POST", headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(length),
                "Referer": f"{base}/imports/new/",
            })
            started = time.monotonic()
            response = opener.open(request)
            seconds = time.monotonic() - started
        landed = response.geturl()
        if "/imports/new/" in landed:
            errors = re.findall(r'invalid-feedback[^>]*>(?:<strong>)?([^<]+)', response.read().decode())
            raise SystemExit(f"The upload was refused: {errors}")
        peak = _rss_kb(worker, "VmHWM")
        from patients.models import ImportBatch

        batch = ImportBatch.objects.order_by("-id").first()
        result = {
            "upload_rows": batch.rows_total if batch else None, "upload_mb": round(path.stat().st_size / 2**20, 1),
            "landed_on": landed.replace(base, ""), "seconds": round(seconds, 1),
            "web_rss_before_mb": round(rss_before / 1024), "web_peak_rss_mb": round(peak / 1024),
            "growth_mb": round((peak - rss_before) / 1024),
        }
        print(json.dumps(result), flush=True)
        print(f"| {date.today():%Y-%m-%d} | upload of {result['upload_rows']:,} rows ({result['upload_mb']} MB) | "
              f"{result['seconds']} s | web worker {result['web_rss_before_mb']} → peak {result['web_peak_rss_mb']} MB |")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        _purge(args.redis_url, queue)


def _purge(redis_url: str, queue: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


def _fresh_database(url: str) -> None:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    if "bench" not in config["NAME"]:
        raise SystemExit(f"Refusing to drop {config['NAME']!r}: the bench database's name must contain 'bench'.")
    conn = psycopg2.connect(dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
                            host=config["HOST"] or None, port=config["PORT"] or None)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    conn.close()


if __name__ == "__main__":
    main()
