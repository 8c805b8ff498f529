"""Settings come from the environment, and the production profile is safe or refuses to start."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fls.env import email_settings, envbool, envint, envlist

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_envbool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("FLS_FLAG", raw)
    assert envbool("FLS_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_envbool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("FLS_FLAG", raw)
    assert envbool("FLS_FLAG", True) is False


def test_envbool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLS_FLAG", raising=False)
    assert envbool("FLS_FLAG", True) is True


def test_envbool_refuses_a_value_it_cannot_read(monkeypatch):
    monkeypatch.setenv("FLS_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLS_FLAG must be true or false"):
        envbool("FLS_FLAG", False)


def test_envint_reads_an_integer(monkeypatch):
    monkeypatch.setenv("FLS_NUMBER", "3600")
    assert envint("FLS_NUMBER", 0) == 3600


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_envint_uses_the_default_when_unset_or_blank(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("FLS_NUMBER", raising=False)
    else:
        monkeypatch.setenv("FLS_NUMBER", raw)
    assert envint("FLS_NUMBER", 60) == 60


def test_envint_refuses_a_value_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("FLS_NUMBER", "eight hours")
    with pytest.raises(ImproperlyConfigured, match="FLS_NUMBER must be an integer"):
        envint("FLS_NUMBER", 60)


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("FLS_HOSTS", " fls.example.nhs.uk, ,localhost,")
    assert envlist("FLS_HOSTS", []) == ["fls.example.nhs.uk", "localhost"]


def test_envlist_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLS_HOSTS", raising=False)
    assert envlist("FLS_HOSTS", ["127.0.0.1"]) == ["127.0.0.1"]


@pytest.mark.parametrize(
    "url, backend",
    [
        (None, "django.core.mail.backends.console.EmailBackend"),
        ("console:", "django.core.mail.backends.console.EmailBackend"),
        ("locmem:", "django.core.mail.backends.locmem.EmailBackend"),
    ],
)
def test_email_url_chooses_a_local_backend(url, backend):
    assert email_settings(url) == {"EMAIL_BACKEND": backend}


def test_email_url_configures_smtp_with_starttls():
    settings = email_settings("smtp://fls%40trust.example:s%3Acret@mail.example.nhs.uk:587?tls=1")
    assert settings == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.nhs.uk",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "fls@trust.example",
        "EMAIL_HOST_PASSWORD": "s:cret",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_email_url_smtps_uses_implicit_tls_on_port_465():
    settings = email_settings("smtps://mail.example.nhs.uk")
    assert settings["EMAIL_PORT"] == 465
    assert settings["EMAIL_USE_SSL"] is True
    assert settings["EMAIL_USE_TLS"] is False


def test_email_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with"):
        email_settings("sendmail:///usr/sbin/sendmail")


_PRODUCTION_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
    # Set for the browser tests; the deployment checks rightly flag it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _manage(*args, env):
    """Run manage.py in a fresh interpreter, so settings are read from exactly `env`."""
    environment = {key: value for key, value in os.environ.items() if key not in _PRODUCTION_VARIABLES}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def _production_environment():
    return {
        "DJANGO_SETTINGS_MODULE": "fls.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "fls.example.nhs.uk",
        "DATABASE_URL": "postgres://fls@db.example.nhs.uk:5432/fls",
        "REDIS_URL": "redis://redis.example.nhs.uk:6379/0",
    }


def test_production_profile_passes_the_deployment_checks_with_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing, message",
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must name the host"),
        ("DATABASE_URL", "DATABASE_URL must point at PostgreSQL"),
        ("REDIS_URL", "REDIS_URL must be set in production"),
    ],
)
def test_production_profile_refuses_to_start_without(missing, message):
    environment = _production_environment()
    del environment[missing]
    result = _manage("check", env=environment)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_profile_refuses_a_short_secret_key():
    result = _manage("check", env={**_production_environment(), "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random string of 50 or more characters" in result.stderr
