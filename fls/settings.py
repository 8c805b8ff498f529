"""FLS Tracker settings, read from the environment.

With nothing set it runs on a SQLite file in the project folder with Celery tasks run eagerly
in-process, so a newcomer has a working app from one command. Set DATABASE_URL (PostgreSQL)
and REDIS_URL (broker and results) and it is the real thing. Production: fls.settings_production.
"""
from pathlib import Path

import dj_database_url

from .env import email_settings, envbool, envint, envlist
import os

BASE_DIR = Path(__file__).resolve().parent.parent

# A development key only; the production profile refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnop")
DEBUG = envbool("DEBUG", True)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "fls",
    "patients",
    "casefinding",
    "assessments",
    "followup",
    "worklists",
    "audit",
    # Last: seed_demo calls every step's demo module (README, "How it is built").
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL in a search box or filter is dropped before any view reads it (PostgreSQL refuses NUL in text).
    "fls.middleware.QueryStringWithoutNul",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page but the login page needs a signed-in user (Django 5.1+).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fls.urls"
WSGI_APPLICATION = "fls.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fls.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# No silent fallback: if DATABASE_URL is set it is used, reachable or not.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "fls.User"
# ModelBackend, with roles and permissions read in one query (fls.auth).
AUTHENTICATION_BACKENDS = ["fls.auth.RoleBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end when idle for a clinical shift's break (shared ward computers).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------------
globals().update(email_settings(os.environ.get("EMAIL_URL")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "FLS Tracker <fls-tracker@localhost>")

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # Embedded default: tasks run in-process at call time, no broker needed.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "fls")
# Acknowledge after the task ran, so a worker killed mid-task leaves the message to be redelivered.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With Redis, a task taken by a worker that then dies is handed out again after this many seconds.
# Periodic scans do not depend on it (the database says what is due), but imports resume sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 15 * 60)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = TIME_ZONE
# The periodic schedule lives in code; the database decides what is actually due.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "fls.tasks.record_worker_heartbeat", "schedule": 60.0},
    # Queues each site's daily follow-up reminder scan once its scan time has passed in its own time zone.
    "followup-dispatch-scans": {"task": "followup.tasks.dispatch_followup_scans", "schedule": 300.0},
    # Recomputes each site's audit KPI counts per fracture day (audit.summary), read by the dashboard.
    "audit-refresh-kpi-summaries": {"task": "audit.tasks.refresh_kpi_summaries", "schedule": 900.0},
}

# Audit standard for sites without their own AuditSettings row (audit.kpis): "uk_fls_db" (90-day
# windows) or "iof" (12-week windows). clinical-reference.md, "National audit KPIs".
FLS_AUDIT_STANDARD = os.environ.get("FLS_AUDIT_STANDARD", "uk_fls_db")
# Read the dashboard's KPI table and trends from the summary the beat task refreshes every 15 minutes
# (audit.summary) instead of live aggregation: needed for speed at around a million episodes.
AUDIT_KPI_SUMMARY = envbool("AUDIT_KPI_SUMMARY", False)

# Database connections one follow-up reminder scan writes through at once (followup.services.followups_scan):
# its chunks are claimed with SKIP LOCKED, so each connection takes different follow-ups. PostgreSQL only;
# on SQLite, or inside a caller's transaction, the scan runs in the calling connection.
FOLLOWUP_SCAN_WORKERS = max(1, envint("FOLLOWUP_SCAN_WORKERS", 2))

# --- Logging: no patient identifiers are ever logged, only record ids. ----------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
