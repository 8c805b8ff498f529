"""The embedded default (SQLite) runs every migration on a fresh file, whatever database the suite itself uses,
and back past the worklists' read model (followup 0008: the follow-ups' copies and their trigger come back,
filled) and forward again. Django rebuilds a SQLite table for most column changes, so this is where a migration
that only works on PostgreSQL shows. Time budget: about 20 s (three `migrate` runs in a subprocess)."""
import os
import sqlite3
import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def _migrate(env, *target):
    subprocess.run([sys.executable, "manage.py", "migrate", *target, "--no-input", "-v", "0"], cwd=PROJECT_ROOT,
                   env=env, check=True, timeout=300)


def test_a_fresh_sqlite_database_migrates_forward_back_and_forward_again_with_no_trigger_left(tmp_path):
    path = tmp_path / "embedded.sqlite3"
    env = {**os.environ, "DATABASE_URL": "", "REDIS_URL": "", "SQLITE_PATH": str(path)}
    _migrate(env)
    _migrate(env, "followup", "0008")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == [
            ("followup_follows_episode",)]
    _migrate(env)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"worklists_worklistepisode", "worklists_worklistfollowup", "worklists_worklistbloodresult"} <= tables
