"""FLS Tracker settings, read from the environment.

With nothing set it runs on a SQLite file in the project folder with Celery tasks run eagerly
in-process, so a newcomer has a working app from one command. Set DATABASE_URL (PostgreSQL)
and REDIS_URL (broker and results) and it is the real thing. Production: fls.settings_production.
"""
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    # Two-factor sign-in (TOTP apps and single-use backup codes) and login throttling (README, "Signing in").
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Content-Security-Policy header (django-csp 4): its system checks and {% csp_nonce %}.
    "csp",
    "fls",
    "patients",
    "casefinding",
    "assessments",
    # The course of each drug after the decision (docs/clinical-rules.md#course-plans).
    "treatment",
    "followup",
    "worklists",
    "audit",
    # Japan's FLS management fee (docs/clinical-rules.md#levels-of-the-fls-management-fee).
    "claims",
    # Last: seed_demo calls every step's demo module (README, "How it is built").
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL in a search box or filter is dropped before any view reads it (PostgreSQL refuses NUL in text).
    "fls.query_strings.QueryStringWithoutNul",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed its second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # The page's language: the user's, their site's, then the browser's (fls.languages); after auth.
    "fls.languages.LanguageMiddleware",
    # How dates are typed: the user's sites' country, else the deployment's; a record's page its site's (fls.dates).
    "fls.dates.DateEntryMiddleware",
    # Content-Security-Policy on every response (settings.CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Cache-Control: no-store on whatever may show patient data, and the Permissions-Policy (fls.security_headers).
    "fls.security_headers.SecurityHeadersMiddleware",
    # Every page but the login page needs a signed-in user (Django 5.1+).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ...and, for whoever must use two-factor, a verified session: until then, every page leads to that step.
    "fls.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a session idle for SESSION_IDLE_TIMEOUT_MINUTES; needs sessions, auth and messages first.
    "fls.idle_timeout.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the acting user on every history row (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a refused (throttled) login into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
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
                "fls.context_processors.idle_timeout",
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
# First, django-axes refuses a sign-in while its username or address is locked out; then ModelBackend, with
# roles and permissions read in one query (fls.auth).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "fls.auth.RoleBackend"]
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
# A session not used for this long is signed out on its next request (fls.idle_timeout.IdleTimeoutMiddleware);
# the page warns SESSION_IDLE_WARNING_SECONDS before, and keeps what was typed for after the next sign-in.
SESSION_IDLE_TIMEOUT_MINUTES = envint("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_IDLE_WARNING_SECONDS = envint("SESSION_IDLE_WARNING_SECONDS", 120)
if SESSION_IDLE_TIMEOUT_MINUTES < 1 or SESSION_IDLE_WARNING_SECONDS < 0:
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT_MINUTES must be 1 or more, and SESSION_IDLE_WARNING_SECONDS 0 or more."
    )

# --- Security headers, in every profile (README, "Security") ------------------------------------
# No inline script or style anywhere: every script and stylesheet is a static file of this site. Chart.js
# styles its canvases through the CSSOM, which style-src does not govern. htmx's own indicator <style> is
# turned off in templates/base.html (htmx-config) and its rules live in static/css/fls.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
if os.environ.get("CSP_REPORT_URI"):
    # Where browsers report what the policy blocked, e.g. a collector of your security team.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["CSP_REPORT_URI"]]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Features no page of FLS Tracker uses, refused to every page and anything it might embed (fls.security_headers).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb")
)

# --- Signing in: throttling and two-factor (README, "Signing in: throttling and two-factor") ----
# After AXES_FAILURE_LIMIT failed sign-ins for one username, or from one address, within the cool-off time,
# further attempts are refused for AXES_COOLOFF_MINUTES (each failure while refused starts it again). The
# attempts are in the admin (Axes); deleting them, or `manage.py axes_reset_username NAME`, unlocks at once.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
# Either one is enough: ["username", "ip_address"] (not the pair). A hospital behind one NAT address shares
# its address count; set AXES_LOCKOUT_PARAMETERS=username there.
AXES_LOCKOUT_PARAMETERS = envlist("AXES_LOCKOUT_PARAMETERS", ["username", "ip_address"])
if not AXES_LOCKOUT_PARAMETERS or set(AXES_LOCKOUT_PARAMETERS) - {"username", "ip_address"}:
    raise ImproperlyConfigured("AXES_LOCKOUT_PARAMETERS must be username, ip_address or both (comma-separated).")
# The app's own page, HTTP 429 (templates/registration/locked_out.html).
AXES_LOCKOUT_CALLABLE = "fls.views.sign_in_locked_out"
# The client address: REMOTE_ADDR, or behind FLS_TRUSTED_PROXY_COUNT proxies the address the outermost of
# them saw, read from the right of X-Forwarded-For (fls.auth.client_ip_address).
AXES_CLIENT_IP_CALLABLE = "fls.auth.client_ip_address"
FLS_TRUSTED_PROXY_COUNT = envint("FLS_TRUSTED_PROXY_COUNT", 0)

# Two-factor (fls.selectors.two_factor_requirement): administrators always; clinicians and managers unless this is false; nurses of
# a site that asks for it (Site.nurses_require_two_factor). A wrong code waits 1, 2, 4, 8... seconds.
FLS_TWO_FACTOR_FOR_CLINICIANS_AND_MANAGERS = envbool("FLS_TWO_FACTOR_FOR_CLINICIANS_AND_MANAGERS", True)
# `make run`'s demo only: nobody is made to enrol (anyone may, and is then asked for codes).
# fls.settings_production refuses it.
FLS_DEMO_TWO_FACTOR_EXEMPT = envbool("FLS_DEMO_TWO_FACTOR_EXEMPT", False)
# The name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = os.environ.get("FLS_TWO_FACTOR_ISSUER", "FLS Tracker")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The devices' admin pages would show another user's secret and backup codes; fls.admin unregisters them.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
# The languages the app is written in (issue 18); each name in its own language, as a language menu shows it.
# Which one a page is in: fls.languages (the user's choice, their site's, then the browser's).
LANGUAGES = [("en-gb", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them (fls/formats/<language>/formats.py): 4 Dec 2026, 2026年12月4日.
FORMAT_MODULE_PATH = ["fls.formats"]
# How dates are typed where neither the record's site nor the user's sites name one country (fls.dates.date_entry):
# a Site.Country code (GB: DD/MM/YYYY, JP: YYYY/MM/DD, US: MM/DD/YYYY); any other, or empty, YYYY-MM-DD.
FLS_DATE_ENTRY_COUNTRY = os.environ.get("FLS_DATE_ENTRY_COUNTRY", "GB")
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and WhiteNoise serves from in production.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
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
# A web request that queues a task must not hang when Redis is away: connecting gives up after
# 2 seconds (patients.tasks.import_batch_dispatch also publishes without retrying).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] = 2
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
    # Hands an import batch nothing is working on (queue away at upload, worker killed) to the worker again.
    "patients-sweep-import-batches": {"task": "patients.tasks.sweep_import_batches", "schedule": 60.0},
}
# Bulk import (patients.importing): how long a task's claim on a batch lasts (each chunk takes about a
# second; a dead worker's batch is taken over once it expires), and how long an unfinished batch may sit
# idle with no claim before the sweep hands it to the worker again.
IMPORT_LEASE_SECONDS = envint("IMPORT_LEASE_SECONDS", 120)
IMPORT_SWEEP_AFTER_SECONDS = envint("IMPORT_SWEEP_AFTER_SECONDS", 180)

# Audit standard for sites without their own AuditSettings row (audit.kpis): "uk_fls_db" (90-day
# windows) or "iof" (12-week windows). docs/clinical-rules.md#audit-standard-90-days-or-12-weeks
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
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Axes announces its configuration at every start (each manage.py command); failures and lockouts
        # are WARNING, with the username and address masked and never a password.
        "axes.apps": {"level": "WARNING"},
        # WeasyPrint (letters as PDF) logs each of its seven layout steps at INFO, for every letter.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
