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


def test_production_refuses_to_start_without_database_url():
    result = run_settings("", DEBUG="false", SECRET_KEY=PRODUCTION_KEY, DATABASE_URL="")
    assert result.returncode != 0
    assert "DEBUG is off but DATABASE_URL is not set" in result.stderr


def test_manage_py_refuses_to_start_without_database_url_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], "DEBUG": "false", "SECRET_KEY": PRODUCTION_KEY},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Newsroom will not start: DEBUG is off but DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_importing_the_settings_never_starts_the_embedded_database(tmp_path):
    # Development without DATABASE_URL: the settings only describe the embedded server.
    result = run_settings(
        "print(s.EMBEDDED_DATABASE_DIR, s.DATABASES['default']['NAME'])\n"
        "import sys; print('pgserver' in sys.modules)",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(BASE_DIR / "var" / "postgres"), "newsroom", "False"]


def test_hsts_subdomains_and_preload_come_from_the_environment():
    code = (
        "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SILENCED_SYSTEM_CHECKS)"
    )
    default = run_settings(code, DEBUG="false", SECRET_KEY=PRODUCTION_KEY)
    assert default.stdout.strip() == "True True []"
    off = run_settings(
        code,
        DEBUG="false",
        SECRET_KEY=PRODUCTION_KEY,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
    )
    assert off.stdout.strip() == "False False ['security.W005', 'security.W021']"


def test_production_logs_are_json_lines_and_development_logs_plain_text():
    code = "print(s.LOGGING['handlers']['console']['formatter'])"
    assert run_settings(code, DEBUG="false", SECRET_KEY=PRODUCTION_KEY).stdout.strip() == "json"
    assert run_settings(code).stdout.strip() == "text"


def test_sentry_reports_errors_only_when_a_dsn_is_set():
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    assert run_settings(code).stdout.strip() == "False"
    result = run_settings(code, SENTRY_DSN="https://public@sentry.example.org/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_newsroom_time_zone_sets_the_time_zone():
    result = run_settings(
        "print(s.TIME_ZONE, s.NEWSROOM_TIME_ZONE)", NEWSROOM_TIME_ZONE="Europe/Berlin"
    )
    assert result.returncode == 0, result.stderr
    assert "Europe/Berlin Europe/Berlin" in result.stdout


def test_an_unknown_time_zone_is_refused():
    result = run_settings("", NEWSROOM_TIME_ZONE="Europe/Atlantis")
    assert result.returncode != 0
    assert "not a time zone name" in result.stderr


def test_media_on_s3_takes_its_bucket_from_the_environment():
    result = run_settings(
        "print(s.STORAGES['originals']['OPTIONS']['bucket_name'],"
        " s.STORAGES['originals']['OPTIONS']['querystring_auth'],"
        " s.STORAGES['default']['OPTIONS']['querystring_auth'],"
        " s.STORAGES['default']['OPTIONS']['endpoint_url'])",
        MEDIA_STORAGE="s3",
        MEDIA_S3_BUCKET="harbour-media",
        MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["harbour-media", "True", "False", "http://127.0.0.1:9000"]


def test_media_on_s3_without_a_bucket_is_refused():
    result = run_settings("", MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "MEDIA_S3_BUCKET" in result.stderr


def test_an_unknown_media_storage_is_refused():
    result = run_settings("", MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be 'filesystem' or 's3'" in result.stderr


def test_edge_purges_go_to_the_listed_varnish_servers():
    result = run_settings(
        "print(s.VARNISH_PURGE_URLS)",
        VARNISH_PURGE_URLS="http://10.0.0.5:6081/,http://10.0.0.6:6081/",
    )
    assert result.returncode == 0, result.stderr
    assert "['http://10.0.0.5:6081/', 'http://10.0.0.6:6081/']" in result.stdout
