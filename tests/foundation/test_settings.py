"""The settings read the environment as the README documents."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "x" * 20 + "production-secret-key-for-tests-only" + "y" * 20


def run_settings(code, **environ):
    """Import the settings in a fresh interpreter with exactly ``environ`` set."""
    keep = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    keep["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/newsroom_settings_probe"
    keep.update(environ)
    return subprocess.run(
        [sys.executable, "-c", f"import newsroom.settings as s\n{code}"],
        cwd=BASE_DIR,
        env=keep,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_defaults_need_no_variable():
    result = run_settings("print(s.DEBUG, s.ALLOWED_HOSTS, s.CACHES['default']['BACKEND'])")
    assert result.returncode == 0, result.stderr
    assert "True ['127.0.0.1', 'localhost', '[::1]'] django.core.cache.backends.locmem" in (
        result.stdout
    )


def test_production_refuses_the_development_secret_key():
    result = run_settings("", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_settings("", DEBUG="false", SECRET_KEY="short")
    assert result.returncode != 0
    assert "shorter than 50 characters" in result.stderr


def test_production_switches_on_https_protections():
    result = run_settings(
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)",
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == ["True", "True", "True", "31536000"]
    assert "HTTP_X_FORWARDED_PROTO" in result.stdout


def test_lists_and_services_come_from_the_environment():
    result = run_settings(
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.CACHES['default']['BACKEND'], "
        "s.DATABASES['default']['NAME'], s.DATABASES['default']['HOST'], s.EMAIL_BACKEND, "
        "s.EMAIL_PORT, s.EMAIL_USE_TLS, s.MEDIA_ROOT)",
        ALLOWED_HOSTS="news.example.org,www.news.example.org",
        CSRF_TRUSTED_ORIGINS="https://news.example.org",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DATABASE_URL="postgres://editor@db.internal:5433/paper",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="false",
        MEDIA_ROOT="/srv/media",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['news.example.org',",
        "'www.news.example.org']",
        "['https://news.example.org']",
        "newsroom.cache.FailSoftRedisCache",
        "paper",
        "db.internal",
        "django.core.mail.backends.smtp.EmailBackend",
        "2525",
        "False",
        "/srv/media",
    ]


def test_twitter_login_is_configured_only_with_both_credentials():
    code = "print(len(s.SOCIALACCOUNT_PROVIDERS['twitter_oauth2']['APPS']))"
    assert run_settings(code, TWITTER_CLIENT_ID="id-only").stdout.strip() == "0"
    both = run_settings(code, TWITTER_CLIENT_ID="client", TWITTER_CLIENT_SECRET="secret")
    assert both.stdout.strip() == "1"


@pytest.mark.django_db
def test_database_is_postgresql_with_persistent_checked_connections(settings):
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_deploy_check_passes_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DEBUG": "false",
            "SECRET_KEY": PRODUCTION_KEY,
            "ALLOWED_HOSTS": "news.example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom_settings_probe",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
