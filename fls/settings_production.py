"""Production profile: `DJANGO_SETTINGS_MODULE=fls.settings_production`.

Everything in fls.settings, hardened; `python manage.py check --deploy` passes with no warnings.
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must come from the environment.
"""
import os

from django.core.exceptions import ImproperlyConfigured

from .env import envbool, envint
from .settings import *  # noqa: F401,F403
from .settings import DATABASE_URL, FLS_DEMO_TWO_FACTOR_EXEMPT, REDIS_URL

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50 or more characters in production.")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) FLS Tracker is served on in production.")
if not DATABASE_URL and not envbool("ALLOW_SQLITE_IN_PRODUCTION", False):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
if not REDIS_URL and not envbool("ALLOW_EAGER_TASKS_IN_PRODUCTION", False):
    raise ImproperlyConfigured("REDIS_URL must be set in production so reminders run on a Celery worker.")
if FLS_DEMO_TWO_FACTOR_EXEMPT:
    raise ImproperlyConfigured("FLS_DEMO_TWO_FACTOR_EXEMPT is for make run's demo only: production always asks "
                               "administrators, clinicians and managers for a second factor. Unset it.")

# TLS is usually terminated by a proxy in front of gunicorn, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Production always runs beat, so the dashboard reads the Celery-refreshed KPI summary (fast at a
# national scale, up to 15 minutes old); AUDIT_KPI_SUMMARY=false reads live aggregates instead.
AUDIT_KPI_SUMMARY = envbool("AUDIT_KPI_SUMMARY", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
