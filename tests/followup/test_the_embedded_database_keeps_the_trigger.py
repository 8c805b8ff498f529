"""The embedded default (SQLite) keeps the follow-ups' copies with the same trigger as PostgreSQL (followup
migration 0006). Django rebuilds a SQLite table for most column changes, which drops the table's triggers
silently, so every migration is run here on a fresh SQLite file, whatever database the suite itself uses:
a later migration that rebuilds the episode table without re-creating the trigger fails this test."""
import os
import sqlite3
import subprocess
import sys

from tests.conftest import PROJECT_ROOT

TRIGGER = "followup_follows_episode"


def test_a_fresh_sqlite_database_has_the_trigger_after_every_migration(tmp_path):
    path = tmp_path / "embedded.sqlite3"
    env = {**os.environ, "DATABASE_URL": "", "REDIS_URL": "", "SQLITE_PATH": str(path)}
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=PROJECT_ROOT, env=env,
                   check=True, timeout=300)
    with sqlite3.connect(path) as db:
        found = db.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           [TRIGGER]).fetchall()
    assert found == [("patients_fractureepisode",)]
