"""The embedded default really works: with no DATABASE_URL and no REDIS_URL, a newcomer's
`make run` migrates a SQLite file and seeds the demo through every pathway step, including the
follow-up scan, in-process. The rest of the suite runs on PostgreSQL, so this is the one guard
against PostgreSQL-only SQL creeping into code the embedded default runs."""
import os
import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def test_migrate_and_seed_demo_work_on_sqlite_with_eager_tasks(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")}
    env["SQLITE_PATH"] = str(tmp_path / "newcomer.sqlite3")

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    migrated = manage("migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    seeded = manage("seed_demo", "--patients", "60", "--seed", "3", "--password", "fls-demo-2026")
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    assert "Created 60 synthetic patients" in seeded.stdout
    for login in ("nurse", "clinician", "manager", "admin"):
        assert f"\n  {login} " in seeded.stdout
    scanned = manage("scan_followups", "--today", "2026-11-24")
    assert scanned.returncode == 0, scanned.stderr[-2000:]
    assert scanned.stdout.strip().splitlines()[-1].startswith('{"due": ')
