"""Where the benchmark runs: its database, the production-like environment of its servers.

The benchmark never touches the development database. It uses its own PostgreSQL
database (``BENCH_DATABASE_URL``, default ``newsroom_bench`` on the machine's server),
creates it when missing, and starts every server with production settings.
"""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def database_url():
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def redis_url():
    return os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def ensure_database(url):
    """Create the benchmark database on its server when it does not exist yet."""
    import psycopg

    name = database_name(url)
    maintenance_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            # The name comes from our own configuration, quoted as an identifier.
            connection.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
            )


def production_environment(page_cache=True, **extra):
    """The environment of a benchmark server: production settings, bench database, Redis."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PUBLIC_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url(),
        PUBLIC_PAGE_CACHE="true" if page_cache else "false",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(BASE_DIR / "var" / "bench-media"),
        PYTHONPATH=str(BASE_DIR),
        # The load comes from one address: the per-address throttles would answer most of
        # it with 429 and the benchmark would measure the throttle, not the page.
        SEARCH_RATE_LIMIT="1000000/m",
        READ_RATE_LIMIT="1000000/m",
    )
    environment.update({key: str(value) for key, value in extra.items()})
    return environment


def setup_django(environment=None):
    """Set up Django in this process against the benchmark database."""
    os.environ.update(environment or production_environment())
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
